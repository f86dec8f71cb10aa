/** The product's version, as package.json states it (a unit test keeps the two equal). */
export const PRODUCT_VERSION = '0.1.0';

/**
 * How a probe introduces itself: browser-compatible (some front ends refuse unknown agents), naming the product
 * so DJP's operators can tell the monitor apart, and the region so each region's view can be told apart.
 */
export function probeUserAgent(region: string, version: string = PRODUCT_VERSION): string {
  return `Mozilla/5.0 (compatible; efaktur-probe-fleet/${version}; region=${region})`;
}
