import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_VERSION, probeUserAgent } from '../../../shared/probe/user-agent.js';

describe('probe User-Agent', () => {
  it('names the product, its version and the region, in a browser-compatible form', () => {
    expect(probeUserAgent('ap-southeast-3', '1.2.3')).toBe(
      'Mozilla/5.0 (compatible; efaktur-probe-fleet/1.2.3; region=ap-southeast-3)',
    );
  });

  it('carries the version package.json states', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(PRODUCT_VERSION).toBe(version);
    expect(probeUserAgent('ap-northeast-1')).toContain(`efaktur-probe-fleet/${version};`);
  });
});
