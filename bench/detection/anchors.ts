import { gatus } from './policies/gatus.js';
import { openStatus } from './policies/openstatus.js';
import { pingdom } from './policies/pingdom.js';
import { route53 } from './policies/route53.js';
import { uptimeRobot } from './policies/uptimerobot.js';
import type { PolicyModel } from './policy.js';
import type { Trace } from './trace.js';

/** The monitors we compare against, each with its published defaults at a 60 s interval where one is chosen. */
export function anchorPolicies(_trace: Trace): PolicyModel[] {
  return [route53(), openStatus(), gatus(), uptimeRobot(), pingdom()];
}
