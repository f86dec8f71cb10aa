import { describe, expect, it } from 'vitest';
import { BADGE_COLOURS, escapeXml, renderBadge, textWidth } from '../../../shared/api/badge.js';
import { CONSENSUS_STATUSES } from '../../../shared/types.js';

describe('renderBadge', () => {
  it.each(CONSENSUS_STATUSES.map((s) => [s, BADGE_COLOURS[s]]))('draws %s in %s', (status, colour) => {
    const svg = renderBadge({ label: 'e-Faktur SVC', status, stale: false });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="20"/);
    expect(svg).toContain(`fill="${colour}"`);
    expect(svg).toContain(`<title>e-Faktur SVC: ${status}</title>`);
    expect(svg).toContain(`>${status}</text>`);
  });

  it('uses the documented colours: green, yellow, blue, red, grey', () => {
    expect(BADGE_COLOURS).toEqual({
      up: '#4c1',
      degraded: '#dfb317',
      maintenance: '#007ec6',
      down: '#e05d44',
      unknown: '#9f9f9f',
    });
  });

  it('greys out a stale verdict and says so', () => {
    const svg = renderBadge({ label: 'SVC', status: 'up', stale: true });
    expect(svg).toContain('>up (stale)</text>');
    expect(svg).toContain('fill="#9f9f9f"');
    expect(svg).not.toContain('fill="#4c1"');
  });

  it('escapes markup in the label so a target name cannot inject SVG', () => {
    const svg = renderBadge({ label: '"><script>alert(1)</script>', status: 'up', stale: false });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&#38;b&#60;c&#62;d&#34;e&#39;f');
  });

  it('widens with the text so long names are not clipped', () => {
    const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)?.[1]);
    const short = renderBadge({ label: 'SVC', status: 'up', stale: false });
    const long = renderBadge({
      label: 'e-Faktur QR validation (Jakarta)',
      status: 'maintenance',
      stale: false,
    });
    expect(width(long)).toBeGreaterThan(width(short) + 150);
    expect(width(short)).toBe(textWidth('SVC') + 10 + textWidth('up') + 10);
  });
});
