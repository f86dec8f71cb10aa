import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { FleetModel } from '../../../local/view/fleet-snapshot.js';
import { renderNotes, renderStatusLines, renderTargetLine } from '../../../local/view/render-status.js';
import { TerminalView } from '../../../local/view/terminal-view.js';
import { displayWidth, wrapText } from '../../../local/view/text-width.js';
import { formatAge, formatWib } from '../../../shared/alerts/wib-time.js';
import { parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import type { ConsensusState } from '../../../shared/types.js';

const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
const NOW = new Date('2026-03-16T07:10:00.000Z'); // 14:10:00 WIB
const TARGET = { id: 'svc-wsdl', name: 'e-Faktur SVC' };

function state(overrides: Partial<ConsensusState> = {}): ConsensusState {
  return {
    targetId: 'svc-wsdl',
    status: 'up',
    since: '2026-03-16T07:05:12.000Z',
    version: 3,
    rule: 'quorum_up',
    evaluatedAt: NOW.toISOString(),
    votes: [],
    pending: null,
    regionalProblems: [],
    recentOutages: [],
    outbox: [],
    ...overrides,
  };
}

const POLICY = resolvePolicy(parseFleetConfig({ probeIntervalSeconds: 5 })); // votes fresh for 12.5 s

function model(): FleetModel {
  return new FleetModel([TARGET], REGIONS, POLICY);
}

const fresh = '2026-03-16T07:09:58.000Z';

describe('render-status', () => {
  it('shows the consensus, since when in WIB, and each region’s vote and latency', () => {
    const m = model();
    m.recordState(state());
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: fresh, latencyMs: 42 }));
    m.recordResult(
      probeResult({
        region: 'ap-southeast-1',
        checkedAt: fresh,
        status: 'down',
        reason: 'timeout',
        latencyMs: 10_000,
      }),
    );
    expect(renderTargetLine(m.snapshot(), TARGET, { now: NOW, color: false })).toBe(
      'svc-wsdl  UP          since 14:05:12 WIB (4 min)  │ ap-southeast-3 up 42 ms │ ap-southeast-1 down timeout 10.0 s │ ap-northeast-1 —',
    );
  });

  it('marks results that do not vote and explains an unknown consensus', () => {
    const m = model();
    m.recordState(state({ status: 'unknown', rule: 'insufficient_votes' }));
    for (const region of REGIONS.slice(0, 2)) {
      m.recordResult(
        probeResult({
          region,
          checkedAt: fresh,
          status: 'down',
          reason: 'dns',
          latencyMs: 3,
          control: {
            ok: false,
            url: 'https://checkip.amazonaws.com/',
            latencyMs: 2,
            detail: 'DNS lookup failed',
          },
        }),
      );
    }
    m.recordResult(probeResult({ region: 'ap-northeast-1', checkedAt: '2026-03-16T07:09:00.000Z' }));
    const snapshot = m.snapshot();
    expect(renderTargetLine(snapshot, TARGET, { now: NOW, color: false })).toBe(
      'svc-wsdl  UNKNOWN     since 14:05:12 WIB (4 min)  │ ap-southeast-3 down dns 3 ms ⊘ own net │ ap-southeast-1 down dns 3 ms ⊘ own net │ ap-northeast-1 up 120 ms ⊘ stale',
    );
    expect(renderNotes(snapshot, { now: NOW, color: false })).toEqual([
      'svc-wsdl: unknown = too few regions can vote (a quorum needs at least 2 that agree): own network (control URL) failing in ap-southeast-3, ap-southeast-1; no fresh result from ap-northeast-1',
    ]);
  });

  it('suspects this machine’s own network when every region fails its control URL', () => {
    const m = model();
    m.recordState(state({ status: 'unknown', rule: 'insufficient_votes' }));
    for (const region of REGIONS) {
      m.recordResult(
        probeResult({
          region,
          checkedAt: fresh,
          status: 'down',
          reason: 'dns',
          control: {
            ok: false,
            url: 'https://checkip.amazonaws.com/',
            latencyMs: 2,
            detail: 'DNS lookup failed',
          },
        }),
      );
    }
    expect(renderNotes(m.snapshot(), { now: NOW, color: false })).toEqual([
      'svc-wsdl: unknown = too few regions can vote (a quorum needs at least 2 that agree): own network (control URL) failing in ap-southeast-3, ap-southeast-1, ap-northeast-1 — is this machine offline?',
    ]);
  });

  it('explains a regional problem and a recovery hold', () => {
    const m = model();
    m.recordState(
      state({
        status: 'down',
        regionalProblems: [
          { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-16T07:01:00.000Z' },
        ],
        pending: { status: 'up', since: '2026-03-16T07:09:30.000Z' },
      }),
    );
    expect(renderNotes(m.snapshot(), { now: NOW, color: false })).toEqual([
      'svc-wsdl: regional problem in ap-northeast-1 (down, refused, since 14:01:00 WIB): the other regions disagree, no alert',
      'svc-wsdl: up has a quorum since 14:09:30 WIB; the recovery hold ends in 1 min (14:11:00 WIB) if it holds',
    ]);
  });

  it('calls no region a problem for being back during a recovery hold, and says how long the hold has left', () => {
    const m = model();
    m.recordState(
      state({
        status: 'down',
        rule: 'recovery_hold',
        regionalProblems: REGIONS.map((region) => ({
          region,
          status: 'up' as const,
          reason: 'ok' as const,
          since: '2026-03-16T07:09:30.000Z',
        })),
        pending: { status: 'up', since: '2026-03-16T07:09:30.000Z' },
      }),
    );
    expect(renderNotes(m.snapshot(), { now: NOW, color: false })).toEqual([
      'svc-wsdl: up has a quorum since 14:09:30 WIB; the recovery hold ends in 1 min (14:11:00 WIB) if it holds',
    ]);
  });

  it('speaks Indonesian under locale id', () => {
    const m = model();
    m.recordState(
      state({
        status: 'down',
        regionalProblems: [
          { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-15T07:01:00.000Z' },
        ],
        pending: { status: 'up', since: '2026-03-16T07:09:30.000Z' },
      }),
    );
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: '2026-03-16T07:09:00.000Z' }));
    const options = { now: NOW, color: false, locale: 'id' as const };
    expect(renderTargetLine(m.snapshot(), TARGET, options)).toBe(
      'svc-wsdl  DOWN        sejak 14:05:12 WIB (4 mnt)  │ ap-southeast-3 up 120 ms ⊘ lama │ ap-southeast-1 — │ ap-northeast-1 —',
    );
    expect(renderNotes(m.snapshot(), options)).toEqual([
      'svc-wsdl: masalah regional di ap-northeast-1 (DOWN, refused, sejak 15 Mar 14:01:00 WIB): region lain tidak sepakat, tidak ada peringatan',
      'svc-wsdl: NORMAL mencapai kuorum sejak 14:09:30 WIB; masa tunggu pemulihan berakhir dalam 1 mnt (14:11:00 WIB) bila tetap begitu',
    ]);
    expect(formatAge(50 * 3600_000, 'id')).toBe('2 hari 2 jam');
  });

  it('keeps the newest state and result when they arrive out of order', () => {
    const m = model();
    m.recordState(state({ version: 5, status: 'down' }));
    m.recordState(state({ version: 4, status: 'up' }));
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: fresh, status: 'maintenance' }));
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: '2026-03-16T07:09:00.000Z' }));
    const line = renderTargetLine(m.snapshot(), TARGET, { now: NOW, color: false });
    expect(line).toContain('DOWN');
    expect(line).toContain('ap-southeast-3 maintenance');
  });

  it('formats WIB times and ages', () => {
    expect(formatWib('2026-03-15T10:00:00.000Z', NOW)).toBe('15 Mar 17:00:00 WIB');
    expect(formatWib('2026-03-15T20:00:00.000Z', NOW)).toBe('03:00:00 WIB');
    expect(formatWib('2026-03-16T06:00:00.000Z', NOW)).toBe('13:00:00 WIB');
    expect([formatAge(45_000), formatAge(3 * 3600_000), formatAge(50 * 3600_000)]).toEqual([
      '45 s',
      '3 h',
      '2 d 2 h',
    ]);
  });
});

class Capture {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 200,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('TerminalView', () => {
  it('prints a plain line per change when not on a TTY', () => {
    const m = model();
    const out = new Capture(false);
    const view = new TerminalView(out, () => m.snapshot(), { now: () => NOW });
    view.start();
    view.refresh(); // nothing changed: nothing printed
    m.recordState(state());
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: fresh, latencyMs: 40 }));
    view.refresh();
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: NOW.toISOString(), latencyMs: 55 }));
    view.refresh(); // only the latency changed
    view.log('ALERT something');
    view.stop();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '14:10:00 WIB  svc-wsdl  UNKNOWN     waiting for the first evaluation  │ ap-southeast-3 — │ ap-southeast-1 — │ ap-northeast-1 —',
    );
    expect(lines[1]).toContain('UP          since 14:05:12 WIB');
    expect(lines[2]).toBe('14:10:00 WIB  ALERT something');
    expect(out.text).not.toContain('\u001b[');
  });

  it('redraws the block in place on a TTY and prints log lines above it', () => {
    const m = model();
    m.recordState(state());
    const out = new Capture(true, 80);
    const view = new TerminalView(out, () => m.snapshot(), { now: () => NOW, color: false });
    view.start();
    const first = out.text;
    expect(first.startsWith('\u001b[J── fleet status 14:10:00 WIB')).toBe(true);
    out.text = '';
    view.log('stage 2: maintenance');
    // Back up over the three lines drawn (header, target, regions), clear, print the log line, draw again.
    expect(
      out.text.startsWith('\u001b[3F\u001b[J14:10:00 WIB  stage 2: maintenance\n\u001b[J── fleet status'),
    ).toBe(true);
    view.stop();
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
    for (const line of out.text.split('\n')) expect(line.replace(ansi, '').length).toBeLessThanOrEqual(80);
  });
});

describe('TerminalView at 80 columns and wider', () => {
  const REGIONS_5 = [...REGIONS, 'ap-south-1', 'eu-central-1'];
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

  /** The hardest block to fit: every region failing its control URL (the offline hint), colours on. */
  function offlineBlock(columns: number, locale: 'en' | 'id') {
    const m = new FleetModel([TARGET, { id: 'svc-qr-validation', name: 'QR' }], REGIONS_5, POLICY);
    m.recordState(state({ status: 'unknown', rule: 'insufficient_votes' }));
    for (const region of REGIONS_5) {
      m.recordResult(
        probeResult({
          region,
          checkedAt: fresh,
          status: 'down',
          reason: 'dns',
          latencyMs: 10_000,
          control: {
            ok: false,
            url: 'https://checkip.amazonaws.com/',
            latencyMs: 2,
            detail: 'DNS lookup failed',
          },
        }),
      );
    }
    const out = new Capture(true, columns);
    const view = new TerminalView(out, () => m.snapshot(), { now: () => NOW, color: true, locale });
    view.start();
    view.stop();
    return out.text
      .replace(ansi, '')
      .split('\n')
      .filter((l) => l !== '');
  }

  it.each([80, 100, 160])(
    'no line is wider than %i columns, and the offline question is there in full',
    (columns) => {
      const lines = offlineBlock(columns, 'en');
      for (const line of lines) expect(displayWidth(line)).toBeLessThan(columns);
      const text = lines.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(
        'own network (control URL) failing in ap-southeast-3, ap-southeast-1, ap-northeast-1, ap-south-1, eu-central-1 — is this machine offline?',
      );
      // Every region's vote is on screen, none cut.
      for (const region of REGIONS_5) expect(text).toContain(`${region} ✗ dns 10.0s ⊘ own net`);
    },
  );

  it.each([80, 100, 160])('in Indonesian too at %i columns', (columns) => {
    const lines = offlineBlock(columns, 'id');
    for (const line of lines) expect(displayWidth(line)).toBeLessThan(columns);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('apakah mesin ini sedang offline?');
  });

  it('puts three regions on one compact line at 80 columns', () => {
    const m = model();
    m.recordState(state());
    m.recordResult(probeResult({ region: 'ap-southeast-3', checkedAt: fresh, latencyMs: 120 }));
    m.recordResult(
      probeResult({
        region: 'ap-southeast-1',
        checkedAt: fresh,
        status: 'down',
        reason: 'timeout',
        latencyMs: 10_000,
      }),
    );
    m.recordResult(probeResult({ region: 'ap-northeast-1', checkedAt: fresh, latencyMs: 98 }));
    expect(renderStatusLines(m.snapshot(), { now: NOW, color: false }, 79)).toEqual([
      'svc-wsdl  UP  since 14:05:12 WIB (4 min)',
      '  ap-southeast-3 ✓ 120ms  ap-southeast-1 ✗ timeout 10.0s  ap-northeast-1 ✓ 98ms',
    ]);
  });
});

describe('text width', () => {
  it.each([
    ['plain', 'abc', 3],
    ['colour codes', '\u001b[31mred\u001b[0m', 3],
    ['wide characters', '状態', 4],
    ['a combining accent', 'e\u0301', 1],
  ])('%s', (_what, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('wraps on word boundaries, splits only a word longer than a line, and never exceeds the width', () => {
    const text = `a note with https://status.example.test/${'x'.repeat(50)} inside and 状態 words`;
    const lines = wrapText(text, 30, '  ');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    expect(lines[0]).toBe('a note with');
    expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  it('moves on with a wide character in a one-column room', () => {
    expect(wrapText('状態', 1)).toEqual(['状', '態']);
  });
});
