/** What replaces the user name and password of a URL. */
export const REDACTED_USERINFO = '***';

/** `scheme://userinfo@` at the start of a string that the URL parser refused. */
const LEADING_USERINFO = /^(\s*[a-z][a-z0-9+.-]*:[/\\]*)[^/\\?#\s]*@/i;
/** `scheme://userinfo@` anywhere in a text, e.g. a URL quoted in an error message. */
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\\?#\s"'<>`@]*@/gi;

/**
 * A URL fit to store, show or log: its user name and password (userinfo of any form) replaced by `***`.
 * A URL without credentials comes back unchanged; so does the rest of a URL with them (path and query kept).
 * Also handles strings the URL parser refuses, e.g. a bad `Location` header.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(LEADING_USERINFO, `$1${REDACTED_USERINFO}@`);
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = REDACTED_USERINFO;
  parsed.password = '';
  return parsed.href;
}

/** Every `scheme://userinfo@` inside a free text (a detail, an error message) with its userinfo redacted. */
export function redactUrlsInText(text: string): string {
  return text.replace(USERINFO_IN_TEXT, `$1${REDACTED_USERINFO}@`);
}
