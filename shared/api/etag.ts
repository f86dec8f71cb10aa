import { createHash } from 'node:crypto';

/** A strong validator for a response body: its SHA-1, base64url, quoted. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body, 'utf8').digest('base64url')}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag` (RFC 9110 §13.1.2: weak comparison, `*`, lists).
 * A missing header never matches.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  // Entity tags are quoted and cannot contain '"', so a comma outside quotes separates list members.
  return (trimmed.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}
