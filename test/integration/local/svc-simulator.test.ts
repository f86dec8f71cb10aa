import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SvcSimulator, startSvcSimulator } from '../../../local/simulator/svc-simulator.js';

let sim: SvcSimulator;
beforeAll(async () => {
  sim = await startSvcSimulator();
});
afterAll(async () => {
  await sim?.close();
});

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | undefined;
}

/** One GET without keep-alive; resolves with the answer or rejects with the socket error's code. */
function get(url: string, region?: string, timeoutMs = 2000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent: false,
        headers: region ? { 'user-agent': `efaktur-probe-fleet/0.1.0 (region=${region})` } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: res.headers['content-type'],
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    req.end();
  });
}

describe('SVC simulator', () => {
  it('serves the Master Faktur Service WSDL when up', async () => {
    sim.set({ service: 'up', offlineRegions: [], regionService: {} });
    const answer = await get(sim.wsdlUrl, 'ap-southeast-1');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/xml/);
    expect(answer.body).toContain('<wsdl:definitions');
    expect(answer.body).toContain('name="endpoint/MasterFakturService"');
    expect(answer.body).toContain('targetNamespace="http://ws.services.etaxinvoice.pajak.go.id/"');
    expect(answer.body).toContain('<xs:element name="batalkanDokumenPk" type="tns:batalkanDokumenPk"/>');
    expect(answer.body).toContain(`<soap:address location="${sim.baseUrl}/svc/MasterFakturService"/>`);
  });

  it('answers QR validation with resValidateFakturPm, unknown and known invoices', async () => {
    const unknown = await get(sim.qrUrl);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toContain(
      '<resValidateFakturPm><statusApproval>Faktur tidak Valid, Tidak ditemukan data di DJP</statusApproval></resValidateFakturPm>',
    );
    const known = await get(`${sim.baseUrl}/validasi/faktur/010000000000000/0100000000001/abc`);
    expect(known.body).toContain('<statusApproval>Faktur Valid, Sudah Diapprove oleh DJP</statusApproval>');
    expect(known.body).toContain('<nomorFaktur>0100000000001</nomorFaktur>');
  });

  it('shows the maintenance notice, a proxy 502, resets and hangs', async () => {
    sim.set({ service: 'maintenance' });
    const maintenance = await get(sim.wsdlUrl, 'ap-southeast-1');
    expect(maintenance.body).toContain(
      'Service e-Faktur sedang dalam perbaikan untuk release update terbaru.',
    );
    expect(maintenance.body).toContain('Direktorat Jenderal Pajak Kementerian Keuangan');
    expect((await get(sim.qrUrl)).body).toContain('sedang dalam perbaikan');

    sim.set({ service: 'bad-gateway' });
    const proxy = await get(sim.wsdlUrl);
    expect([proxy.status, proxy.body.includes('502 Bad Gateway')]).toEqual([502, true]);

    sim.set({ service: 'reset' });
    await expect(get(sim.wsdlUrl)).rejects.toThrow('ECONNRESET');

    sim.set({ service: 'hang' });
    await expect(get(sim.wsdlUrl, undefined, 300)).rejects.toThrow('TIMEOUT');
    sim.set({ service: 'up' });
  });

  it('keeps the control URL up whatever the service does', async () => {
    sim.set({ service: 'reset' });
    const control = await get(sim.controlUrl, 'ap-southeast-1');
    expect([control.status, control.body]).toEqual([200, '127.0.0.1\n']);
    sim.set({ service: 'up' });
  });

  it('shows each region its own view, named by the User-Agent', async () => {
    sim.set({
      service: 'up',
      offlineRegions: ['ap-northeast-1'],
      regionService: { 'ap-southeast-3': 'maintenance' },
    });
    await expect(get(sim.wsdlUrl, 'ap-northeast-1')).rejects.toThrow('ECONNRESET');
    await expect(get(sim.controlUrl, 'ap-northeast-1')).rejects.toThrow('ECONNRESET');
    expect((await get(sim.wsdlUrl, 'ap-southeast-3')).body).toContain('sedang dalam perbaikan');
    expect((await get(sim.wsdlUrl, 'ap-southeast-1')).body).toContain('wsdl:definitions');
    expect((await get(sim.wsdlUrl)).body).toContain('wsdl:definitions');
    const counts = sim.requestCounts();
    expect(counts['ap-northeast-1']).toBeGreaterThanOrEqual(2);
    expect(counts['(none)']).toBeGreaterThanOrEqual(1);
    sim.set({ offlineRegions: [], regionService: {} });
  });

  it('can be driven over HTTP and rejects a bad state', async () => {
    const put = await fetch(`${sim.baseUrl}/__simulator`, {
      method: 'PUT',
      body: JSON.stringify({ service: 'maintenance', offlineRegions: ['eu-west-1'] }),
    });
    expect(put.status).toBe(200);
    expect(sim.state()).toMatchObject({ service: 'maintenance', offlineRegions: ['eu-west-1'] });
    const bad = await fetch(`${sim.baseUrl}/__simulator`, { method: 'PUT', body: '{"service":"melted"}' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^service: /);
    const notJson = await fetch(`${sim.baseUrl}/__simulator`, { method: 'POST', body: 'x' });
    expect(notJson.status).toBe(400);
    const state = (await (await fetch(`${sim.baseUrl}/__simulator`)).json()) as {
      state: { service: string };
    };
    expect(state.state.service).toBe('maintenance');
    sim.set({ service: 'up', offlineRegions: [] });
  });

  it('answers 404 elsewhere', async () => {
    expect((await get(`${sim.baseUrl}/svc/Other?wsdl`)).status).toBe(404);
  });
});
