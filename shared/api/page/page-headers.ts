import { PAGE_SCRIPT_HASH, PAGE_STYLE_HASH } from './page-assets.js';

/**
 * What a page served by the API allows itself: its own inline style and script (by hash), requests to this API,
 * forms posted here; nothing from another host, no framing by another site.
 */
export function pageSecurityHeaders(styleHash: string, scriptHash: string | null): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `style-src ${styleHash}`,
    scriptHash === null ? null : `script-src ${scriptHash}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].filter((d) => d !== null);
  return {
    'content-security-policy': policy.join('; '),
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

export const STATUS_PAGE_HEADERS = pageSecurityHeaders(PAGE_STYLE_HASH, PAGE_SCRIPT_HASH);
