import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { EXIT, errorText, usageErrorText } from '../cli/command-line.js';
import type { TargetStatusView } from '../shared/api/target-view.js';
import { ConfigError, type FleetConfig, resolvePolicy } from '../shared/config/fleet-config.js';
import { redactUrl } from '../shared/probe/redact-url.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { demoConfig } from './demo/demo-config.js';
import { demoScenario } from './demo/demo-scenario.js';
import { runScenario } from './demo/scenario-driver.js';
import { formatDuration } from './duration.js';
import { waitForFirstStatus } from './first-status.js';
import {
  DEMO_INTERVAL_MS,
  type LocalFlags,
  OPERATOR_TOKEN_ENV,
  parseLocalFlags,
  parseOperatorToken,
  USAGE,
  UsageError,
} from './flags.js';
import { MissingChannelSecretsError } from './local-channels.js';
import { resolveLocalConfig } from './local-config.js';
import { type LocalFleet, PortInUseError, startLocalFleet } from './local-fleet.js';
import { type SvcSimulator, startSvcSimulator } from './simulator/svc-simulator.js';
import { FleetModel, type FleetSnapshot } from './view/fleet-snapshot.js';
import { TerminalView, type ViewOutput } from './view/terminal-view.js';

export interface CliIo {
  readonly argv: readonly string[];
  readonly stdout: ViewOutput;
  readonly stderr: { write(text: string): unknown };
  /** Where relative paths of flags are resolved. */
  readonly cwd: string;
  /** The repository root, where `cdk.json` is. */
  readonly root: string;
  readonly version: string;
  /** Milliseconds since the process started, for the start-up figure. */
  readonly uptimeMs: () => number;
  /** Resolves when the person asks to stop (SIGINT, SIGTERM). */
  readonly stopRequested: Promise<string>;
  /** Colours on a TTY unless NO_COLOR is set. */
  readonly color: boolean;
  /** Where chat channels' secrets are read from (the variables the configuration names). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The flags and the configuration they name, or the exit code when there is nothing to start (help, an error). */
function prepare(io: CliIo): { flags: LocalFlags; config: FleetConfig } | number {
  let flags: LocalFlags;
  try {
    const parsed = parseLocalFlags(io.argv);
    // The variable keeps the token out of the process list; the flag wins when both are given.
    const fromEnv = io.env?.[OPERATOR_TOKEN_ENV];
    flags = {
      ...parsed,
      operatorToken: parsed.operatorToken ?? parseOperatorToken(OPERATOR_TOKEN_ENV, fromEnv || undefined),
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(usageErrorText(error));
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  try {
    const config = resolveLocalConfig({
      cdkJsonPath: join(io.root, 'cdk.json'),
      file: flags.configFile === undefined ? undefined : resolve(io.cwd, flags.configFile),
      regions: flags.regions,
      intervalSeconds: flags.intervalMs === undefined ? undefined : flags.intervalMs / 1000,
      target: flags.target,
    });
    return { flags, config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(errorText(error.message));
    return EXIT.usage;
  }
}

/** The exit code of a fleet that could not start, after saying why; rethrows what is not expected. */
function startFailure(io: CliIo, error: unknown): number {
  if (error instanceof PortInUseError || error instanceof DataDirLockedError) {
    io.stderr.write(errorText(error.message));
    return EXIT.failed;
  }
  if (error instanceof MissingChannelSecretsError) {
    io.stderr.write(errorText(error.message));
    return EXIT.usage;
  }
  throw error;
}

/** Exit codes: 0 stopped cleanly, 1 could not start, 2 bad command line or configuration. */
export async function runLocalCli(io: CliIo): Promise<number> {
  const prepared = prepare(io);
  if (typeof prepared === 'number') return prepared;
  const { flags } = prepared;
  let { config } = prepared;
  const dataDir = resolve(io.cwd, flags.dataDir);
  const outboxFile = resolve(
    io.cwd,
    flags.outbox ?? join(flags.dataDir, flags.demo ? 'demo-alerts.jsonl' : 'alerts.jsonl'),
  );

  let simulator: SvcSimulator | null = null;
  if (flags.demo) {
    simulator = await startSvcSimulator();
    config = demoConfig(config, simulator, (flags.intervalMs ?? DEMO_INTERVAL_MS) / 1000);
    // Each demo starts from an empty database, so its alert file starts empty too.
    mkdirSync(dirname(outboxFile), { recursive: true });
    writeFileSync(outboxFile, '');
  }

  let fleet: LocalFleet | null = null;
  const view = new TerminalView(io.stdout, () => fleet?.snapshot() ?? emptySnapshot(config), {
    color: io.color,
    locale: config.locale,
    now: () => fleet?.now() ?? new Date(),
  });
  const startedAt = new Date();
  try {
    fleet = await startLocalFleet({
      config,
      port: flags.port,
      dataDir: flags.memory || flags.demo ? null : dataDir,
      outboxFile,
      snsTopicArn: flags.snsTopicArn,
      env: io.env ?? {},
      channelsDryRun: flags.channelsDryRun,
      operatorToken: flags.operatorToken,
      version: io.version,
      reporter: { log: (line) => view.log(line), changed: () => view.refresh() },
    });
  } catch (error) {
    await simulator?.close();
    return startFailure(io, error);
  }

  io.stdout.write(banner(fleet, io.cwd, simulator));
  view.start();

  const stopped = new AbortController();
  const firstStatus = waitForFirstStatus(fleet.apiUrl, startedAt, 60_000, stopped.signal).then((views) => {
    if (views === null) {
      if (!stopped.signal.aborted) view.log('no consensus status on /status after 60 s: see the lines above');
      return;
    }
    view.log(
      `first consensus status on ${fleet?.apiUrl}/status ${formatDuration(io.uptimeMs())} after start: ${summarize(views)}`,
    );
  });
  const demo =
    simulator === null
      ? Promise.resolve()
      : playDemo(fleet, simulator, (line) => view.log(line), stopped.signal).catch((error: unknown) =>
          view.log(`demo failed: ${error instanceof Error ? error.message : String(error)}`),
        );

  const signal = await io.stopRequested;
  view.log(`${signal}: stopping (waiting for probes in progress, then closing the API and the database)`);
  stopped.abort();
  const summary = await fleet.stop();
  await Promise.all([firstStatus, demo]);
  await simulator?.close();
  view.stop();
  const abandoned =
    summary.abandoned.length > 0 ? ` (abandoned rounds of ${summary.abandoned.join(', ')})` : '';
  io.stdout.write(`stopped cleanly${abandoned}; port ${new URL(fleet.apiUrl).port} released\n`);
  return 0;
}

function summarize(views: readonly TargetStatusView[]): string {
  return views.map((v) => `${v.id} ${v.status}`).join(', ');
}

async function playDemo(
  fleet: LocalFleet,
  simulator: SvcSimulator,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const targetIds = fleet.config.targets.map((t) => t.id);
  const outcome = await runScenario({
    stages: demoScenario(fleet.config.probeRegions),
    simulator,
    targetIds,
    intervalMs: fleet.intervalMs,
    statuses: async () => {
      const snapshot = fleet.snapshot();
      return new Map([...snapshot.states.values()].map((s) => [s.targetId, s.status]));
    },
    log,
    stageTimeoutMs: Math.max(30_000, 12 * fleet.intervalMs + fleet.policy.recoveryHoldMs),
    signal,
  });
  if (outcome.completed) {
    log(
      `demo complete: every stage played. The fleet keeps running against the simulator (now up); try ${fleet.apiUrl}/status, /targets/svc-wsdl/history, ${fleet.outboxFile}; Ctrl-C to stop`,
    );
  }
}

function banner(fleet: LocalFleet, cwd: string, simulator: SvcSimulator | null): string {
  const { config, policy } = fleet;
  const show = (path: string) => (path.startsWith(cwd) ? relative(cwd, path) || '.' : path);
  const quorum =
    policy.quorum === 'majority'
      ? 'a majority of the voting regions (at least 2)'
      : `${policy.quorum} regions`;
  const lines = [
    `e-Faktur probe fleet — local mode${simulator ? ' — demo' : ''}`,
    ...(simulator
      ? [
          `  simulator:  ${simulator.baseUrl} (SVC WSDL, QR validation, control URL; state at ${simulator.baseUrl}/__simulator)`,
        ]
      : []),
    ...config.targets.map(
      (t, i) => `  ${i === 0 ? 'targets:   ' : '           '} ${t.id} (${t.check}) ${redactUrl(t.url)}`,
    ),
    `  regions:    ${config.probeRegions.map((r, i) => `${r} +${formatDuration(fleet.phaseOffsetsMs[i] ?? 0)}`).join(', ')} — logical, all probing from this machine`,
    `  interval:   every ${formatDuration(fleet.intervalMs)}; control URL ${redactUrl(config.controlUrl)}`,
    `  consensus:  ${quorum}; a vote is fresh for ${formatDuration(policy.staleAfterMs)}; recovery hold ${formatDuration(policy.recoveryHoldMs)}; aggregator sweep every ${formatDuration(fleet.sweepMs)}`,
    `  database:   ${fleet.databasePath === null ? 'in memory (nothing is kept after a stop)' : `${show(fleet.databasePath)} (kept across restarts)`}`,
    `  alerts:     console + ${show(fleet.outboxFile)}`,
    `  page:       ${fleet.apiUrl}/  (the status page: open it in a browser; English with ?lang=en)`,
    `  status API: ${fleet.apiUrl}/status  (also /targets/{id}[/history|/uptime|/results], /badge/{id}.svg, /summary.json; index at ${fleet.apiUrl}/)`,
    '  Ctrl-C stops.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function emptySnapshot(config: FleetConfig): FleetSnapshot {
  return new FleetModel(
    config.targets.map((t) => ({ id: t.id, name: t.name })),
    config.probeRegions,
    resolvePolicy(config),
  ).snapshot();
}
