import { gatus } from './policies/gatus.js';
import { OPENSTATUS_FREE_REGIONS, openStatus } from './policies/openstatus.js';
import { PINGDOM_SERVERS, pingdom, pingdomLocation } from './policies/pingdom.js';
import { ROUTE53_REGIONS, route53 } from './policies/route53.js';
import { UPTIMEROBOT_NODES, uptimeRobot, uptimeRobotLocation } from './policies/uptimerobot.js';
import type { PolicyModel } from './policy.js';
import type { Trace } from './trace.js';

/** The monitors we compare against, each with its published defaults at a 60 s interval where one is chosen. */
export function anchorPolicies(_trace: Trace): PolicyModel[] {
  return [route53(), openStatus(), gatus(), uptimeRobot(), pingdom()];
}

/**
 * Where the anchors probe from, besides our own regions (Gatus, self-hosted, sits in the first of them): the trace
 * gives each of these locations path outages of its own, at the same rate as ours.
 */
export const ANCHOR_LOCATIONS: readonly string[] = [
  ...new Set([
    ...ROUTE53_REGIONS,
    ...OPENSTATUS_FREE_REGIONS,
    ...Array.from({ length: UPTIMEROBOT_NODES }, (_, i) => uptimeRobotLocation(i)),
    ...Array.from({ length: PINGDOM_SERVERS }, (_, i) => pingdomLocation(i)),
  ]),
];
