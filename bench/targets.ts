import type { DetectionRun } from './detection/run-detection.js';
import { type BenchResults, failed, type TargetCheck } from './results.js';

/** The id under which our own policy runs in the detection benchmark. */
export const OUR_POLICY = 'fleet';
export const PROBE_BUNDLE_LIMIT_KB = 150;

type Inputs = Pick<BenchResults, 'detection' | 'bundles'>;

function ours(inputs: Inputs, regions: number): DetectionRun | string {
  if (inputs.detection === undefined) return 'not run';
  if (failed(inputs.detection)) return `not measured: ${inputs.detection.error}`;
  return (
    inputs.detection.runs.find((r) => r.policy === OUR_POLICY && r.regions === regions) ??
    'not measured: our policy did not run'
  );
}

function check(
  id: string,
  description: string,
  target: string,
  run: DetectionRun | string,
  value: (run: DetectionRun) => number | null,
  pass: (value: number) => boolean,
  unit = '',
): TargetCheck {
  if (typeof run === 'string') return { id, description, target, actual: run, pass: null };
  const v = value(run);
  if (v === null) return { id, description, target, actual: 'no data', pass: false };
  return { id, description, target, actual: `${v}${unit}`, pass: pass(v) };
}

/** Our policy and the probe bundle against the targets of the benchmark. */
export function evaluateTargets(inputs: Inputs): TargetCheck[] {
  const three = ours(inputs, 3);
  const out: TargetCheck[] = [
    check(
      'detect-p50',
      'time to detect p50, 3 regions, 60 s',
      '≤ 30 s',
      three,
      (r) => r.score.detectS.p50,
      (v) => v <= 30,
      ' s',
    ),
    check(
      'detect-p95',
      'time to detect p95, 3 regions, 60 s',
      '≤ 60 s',
      three,
      (r) => r.score.detectS.p95,
      (v) => v <= 60,
      ' s',
    ),
  ];
  for (const regions of [3, 5]) {
    const run = ours(inputs, regions);
    out.push(
      check(
        `false-alerts-${regions}`,
        `false alerts over 30 days, ${regions} regions`,
        '0',
        run,
        (r) => r.score.falseAlerts,
        (v) => v === 0,
      ),
      check(
        `missed-${regions}`,
        `missed outages ≥ 2 min, ${regions} regions`,
        '0',
        run,
        (r) => r.score.missed,
        (v) => v === 0,
      ),
      check(
        `flapping-${regions}`,
        `notifications per flapping hour, ${regions} regions`,
        '≤ 2',
        run,
        (r) => r.score.notificationsPerFlappingHour,
        (v) => v <= 2,
      ),
    );
  }
  const bundles = inputs.bundles;
  const probe =
    bundles === undefined || failed(bundles) ? undefined : bundles.functions.find((f) => f.name === 'probe');
  const bundleTarget = `≤ ${PROBE_BUNDLE_LIMIT_KB} kB`;
  if (bundles === undefined) {
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: 'not run',
      pass: null,
    });
  } else if (failed(bundles) || !probe || (probe.error !== null && probe.bytes === 0)) {
    const why = failed(bundles)
      ? bundles.error
      : probe
        ? (probe.error ?? '')
        : 'functions/probe/handler.ts not found';
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: `not measured: ${why}`,
      pass: null,
    });
  } else {
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: `${probe.kB} kB`,
      pass: probe.kB <= PROBE_BUNDLE_LIMIT_KB,
    });
  }
  return out;
}
