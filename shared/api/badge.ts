import type { ConsensusStatus } from '../types.js';

/** Badge colours by status, as shields.io names them (brightgreen, yellow, blue, red, lightgrey). */
export const BADGE_COLOURS: Readonly<Record<ConsensusStatus, string>> = {
  up: '#4c1',
  degraded: '#dfb317',
  maintenance: '#007ec6',
  down: '#e05d44',
  unknown: '#9f9f9f',
};

const STALE_COLOUR = BADGE_COLOURS.unknown;
const LABEL_COLOUR = '#555';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Approximate width in pixels of `text` in 11 px Verdana, which the badge is drawn in. */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if ("iljI.,:;!|'`".includes(char)) width += 3.5;
    else if ('frt()[]{}/\\- '.includes(char)) width += 4.8;
    else if ('mwMW@%'.includes(char)) width += 10.5;
    else if (char >= 'A' && char <= 'Z') width += 7.6;
    else width += 6.9;
  }
  return Math.ceil(width);
}

export interface BadgeInput {
  readonly label: string;
  readonly status: ConsensusStatus;
  readonly stale: boolean;
}

/** A flat, shields-style SVG badge: the label (a target name) on grey, the status on its colour. */
export function renderBadge(input: BadgeInput): string {
  const message = input.stale && input.status !== 'unknown' ? `${input.status} (stale)` : input.status;
  const colour = input.stale ? STALE_COLOUR : BADGE_COLOURS[input.status];
  const labelWidth = textWidth(input.label) + 10;
  const messageWidth = textWidth(message) + 10;
  const width = labelWidth + messageWidth;
  const label = escapeXml(input.label);
  const text = escapeXml(message);
  const title = `${label}: ${text}`;
  const labelX = labelWidth / 2;
  const messageX = labelWidth + messageWidth / 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="${LABEL_COLOUR}"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${colour}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `<text x="${labelX}" y="15" fill="#010101" fill-opacity=".3">${label}</text><text x="${labelX}" y="14">${label}</text>`,
    `<text x="${messageX}" y="15" fill="#010101" fill-opacity=".3">${text}</text><text x="${messageX}" y="14">${text}</text>`,
    '</g></svg>',
  ].join('');
}
