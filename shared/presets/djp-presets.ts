import type { CheckKind } from '../types.js';

export const PRESET_IDS = ['svc-wsdl', 'svc-qr', 'coretax', 'enofa', 'web-efaktur', 'djponline'] as const;
/** A DJP service a configuration can name in one word (see docs/presets.md). */
export type PresetId = (typeof PRESET_IDS)[number];

/** Settings a preset chooses instead of the defaults of a target. */
export interface PresetSettings {
  readonly timeoutMs?: number;
  readonly degradedAfterMs?: number;
}

/** A DJP service as a target, with what public sources confirm of it and what a user must check before deploying. */
export interface TargetPreset {
  readonly id: PresetId;
  /** Readable, shown in messages. */
  readonly name: string;
  readonly url: string;
  readonly check: CheckKind;
  readonly settings: PresetSettings;
  /** What public sources confirm (each names its source). */
  readonly confirmed: readonly string[];
  /** What no public source showed: confirm before deploying. */
  readonly assumptions: readonly string[];
}

/** Portals render a whole page, often slowly: more time than an XML answer before a check gives up or says slow. */
const PORTAL_SETTINGS: PresetSettings = { timeoutMs: 15_000, degradedAfterMs: 5000 };

/**
 * The Master Faktur Service WSDL that e-Faktur desktop talks to; taxpayers open it in a browser to see whether
 * the server answers. Host and maintenance wording confirmed (taxpayers' reports; Klikpajak quotes "sedang dalam
 * perbaikan"); the WSDL path is not: use the SVC address your e-Faktur client is set to.
 */
const SVC_WSDL: TargetPreset = {
  id: 'svc-wsdl',
  name: 'e-Faktur SVC',
  url: 'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl',
  check: 'efaktur-wsdl',
  settings: {},
  confirmed: [
    'host svc.efaktur.pajak.go.id (taxpayers open it in a browser to check the server)',
    'maintenance text "Service e-Faktur sedang dalam perbaikan untuk release update terbaru" (quoted by Klikpajak)',
  ],
  assumptions: [
    'the WSDL path /svc/MasterFakturService?wsdl and https: use the address your e-Faktur client uses',
  ],
};

/**
 * Invoice QR validation on the SVC host, used by ERPs (many public integrations). Root `resValidateFakturPm`
 * confirmed; the placeholder invoice is ours: replace it with the QR URL of one of your invoices.
 */
const SVC_QR: TargetPreset = {
  id: 'svc-qr',
  name: 'e-Faktur QR validation',
  url: 'http://svc.efaktur.pajak.go.id/validasi/faktur/000000000000000/0000000000000/0',
  check: 'efaktur-qr-validation',
  settings: {},
  confirmed: [
    'address /validasi/faktur/{NPWP}/{invoice number}/{hash} and the XML root resValidateFakturPm (public integrations)',
    'an unknown invoice answers "Faktur tidak Valid, Tidak ditemukan data di DJP" (public integrations)',
  ],
  assumptions: ['the placeholder invoice: replace it with the QR URL of one of your own invoices'],
};

/**
 * Coretax DJP's sign-in (identity provider portal). Host confirmed (news, 2025); failures reported by users and
 * news: "An Error Occurred" (23 May 2025), HTTP 502, a red "Kesalahan Sistem" banner, announced downtime with all
 * services off (20–21 September 2025). The login path is seen in public code only.
 */
const CORETAX: TargetPreset = {
  id: 'coretax',
  name: 'Coretax DJP',
  url: 'https://coretaxdjp.pajak.go.id/identityproviderportal/Account/Login',
  check: 'djp-portal',
  settings: PORTAL_SETTINGS,
  confirmed: [
    'host coretaxdjp.pajak.go.id (news, 2025)',
    'failures "An Error Occurred" (23 May 2025), HTTP 502 and a red "Kesalahan Sistem" banner (user reports, news)',
    'announced downtime, e.g. 20 September 09:00 – 21 September 23:59 WIB 2025 (pajak.go.id, announced the 18th)',
  ],
  assumptions: [
    'the login path /identityproviderportal/Account/Login (seen in public code only)',
    'the login page is served as HTML with a password field; the wording of the downtime page',
  ],
};

/**
 * e-Nofa, where e-Faktur desktop users request invoice serial numbers (NSFP). Address confirmed (e-Nofa user manual;
 * pajak.go.id announcement on e-Faktur desktop, 2025); its error and maintenance pages are not documented.
 */
const ENOFA: TargetPreset = {
  id: 'enofa',
  name: 'e-Nofa',
  url: 'https://efaktur.pajak.go.id/login',
  check: 'djp-portal',
  settings: PORTAL_SETTINGS,
  confirmed: [
    'address https://efaktur.pajak.go.id/login (e-Nofa user manual; pajak.go.id announcement, 2025)',
  ],
  assumptions: ['the login page has a password field; the wording of its error and maintenance pages'],
};

/**
 * Web e-Faktur, formerly the monthly VAT return; users saw "Internal Server Error" when posting (DDTC news). Its
 * role shrank with Coretax: monitor it only if you still use it.
 */
const WEB_EFAKTUR: TargetPreset = {
  id: 'web-efaktur',
  name: 'Web e-Faktur',
  url: 'https://web-efaktur.pajak.go.id/',
  check: 'djp-portal',
  settings: PORTAL_SETTINGS,
  confirmed: [
    'host web-efaktur.pajak.go.id (DDTC news)',
    '"Internal Server Error" seen by users (DDTC news)',
  ],
  assumptions: ['the root redirects to (or is) a login page with a password field'],
};

/**
 * DJP Online (e-filing, e-billing). Host confirmed; known errors are after login (e-billing PROX03, login SO001),
 * which a probe cannot see.
 */
const DJPONLINE: TargetPreset = {
  id: 'djponline',
  name: 'DJP Online',
  url: 'https://djponline.pajak.go.id/',
  check: 'djp-portal',
  settings: PORTAL_SETTINGS,
  confirmed: ['host djponline.pajak.go.id (pajak.go.id)'],
  assumptions: [
    'the root redirects to (or is) a login page with a password field',
    'errors after login (e-billing PROX03, login SO001) are not seen by this check',
  ],
};

/** Every preset by id. */
export const DJP_PRESETS: Readonly<Record<PresetId, TargetPreset>> = {
  'svc-wsdl': SVC_WSDL,
  'svc-qr': SVC_QR,
  coretax: CORETAX,
  enofa: ENOFA,
  'web-efaktur': WEB_EFAKTUR,
  djponline: DJPONLINE,
};

export const isPresetId = (value: unknown): value is PresetId =>
  typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value);
