import { describe, expect, it } from 'vitest';
import { ConfigError, parseFleetConfig, resolvePolicy } from '../../../shared/config/fleet-config.js';
import { MAX_MAINTENANCE_WINDOWS } from '../../../shared/maintenance/maintenance-window.js';
import { configWindowsOf } from '../../../shared/maintenance/window-sources.js';

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseFleetConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

const window = {
  targets: ['svc-wsdl'],
  start: '2026-12-05T22:00:00+07:00',
  end: '2026-12-06T02:00:00+07:00',
  note: 'PENG-18/PJ.09/2024',
};

describe('configuration: maintenance windows and the advance notice', () => {
  it('accepts windows of configured targets and gives them ids config-<n> in file order, times in UTC', () => {
    const config = parseFleetConfig({
      maintenance: [window, { ...window, targets: ['svc-qr'], note: undefined }],
    });
    expect(configWindowsOf(config.maintenance)).toEqual([
      {
        id: 'config-1',
        targets: ['svc-wsdl'],
        start: '2026-12-05T15:00:00.000Z',
        end: '2026-12-05T19:00:00.000Z',
        note: 'PENG-18/PJ.09/2024',
        source: 'config',
      },
      expect.objectContaining({ id: 'config-2', targets: ['svc-qr'], note: null }),
    ]);
  });

  it('takes a service group for its members, each target once, so every member is in the window', () => {
    const config = parseFleetConfig({
      groups: [{ id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-qr', 'svc-wsdl'] }],
      maintenance: [{ ...window, targets: ['svc-wsdl', 'faktur'] }],
    });
    expect(config.maintenance[0]?.targets).toEqual(['svc-wsdl', 'svc-qr']);
  });

  it('defaults to no windows and a notice 60 minutes ahead; 0 turns the notice off', () => {
    const config = parseFleetConfig({});
    expect(config.maintenance).toEqual([]);
    expect(resolvePolicy(config).maintenanceNoticeMs).toBe(3_600_000);
    const off = parseFleetConfig({ policy: { maintenanceNoticeMinutes: 0 } });
    expect(resolvePolicy(off).maintenanceNoticeMs).toBe(0);
  });

  it.each<[string, unknown, string]>([
    [
      'an unknown target',
      { maintenance: [{ ...window, targets: ['svc-wsd'] }] },
      'maintenance[0].targets[0]: "svc-wsd" is not a configured target or group id',
    ],
    [
      'no offset',
      { maintenance: [{ ...window, start: '2026-12-05T22:00:00' }] },
      'maintenance[0].start: must be a date and time with an offset',
    ],
    [
      'end before start',
      { maintenance: [{ ...window, end: '2026-12-05T21:00:00+07:00' }] },
      'end must come after start',
    ],
    ['an unknown field', { maintenance: [{ ...window, title: 'x' }] }, 'title'],
    [
      'a negative notice',
      { policy: { maintenanceNoticeMinutes: -1 } },
      'policy.maintenanceNoticeMinutes: must not be negative',
    ],
    [
      'a notice longer than a week',
      { policy: { maintenanceNoticeMinutes: 10_081 } },
      'policy.maintenanceNoticeMinutes: must be at most 10080',
    ],
    [
      'a note with a line break',
      { maintenance: [{ ...window, note: 'PENG-18\nBcc: x' }] },
      'maintenance[0].note: must not contain line breaks',
    ],
    [
      'a note with a text-direction override',
      { maintenance: [{ ...window, note: 'PENG\u202e81' }] },
      'maintenance[0].note: must not contain line breaks',
    ],
    [
      'a target id of 65 characters',
      { maintenance: [{ ...window, targets: ['x'.repeat(65)] }] },
      'maintenance[0].targets[0]: must be at most 64 characters',
    ],
    [
      'too many windows',
      { maintenance: Array.from({ length: MAX_MAINTENANCE_WINDOWS + 1 }, () => window) },
      `maintenance: at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows`,
    ],
  ])('refuses %s with a message naming the field', (_name, raw, message) => {
    expect(problemsOf(raw).join('\n')).toContain(message);
  });
});
