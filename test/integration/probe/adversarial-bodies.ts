import type { CheckKind, ReasonCode } from '../../../shared/types.js';

/** The largest body the configuration allows (`maxBodyBytes`). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A body of exactly-at-most `MAX_BODY_BYTES` made of an opening, many repeated units and a closing. */
export interface AdversarialBody {
  readonly name: string;
  readonly check: CheckKind;
  /** What the probe must conclude (never `timeout`: the work is bounded well within the deadline). */
  readonly reason: ReasonCode;
  readonly gzip?: boolean;
  readonly head: string;
  /** The i-th unit (ASCII). */
  readonly unit: (i: number) => string;
  readonly tail: string;
}

const QR_OPEN = '<resValidateFakturPm><statusApproval>';
const QR_CLOSE = '</statusApproval></resValidateFakturPm>';
const WSDL_OPEN =
  '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="http://ws.services.etaxinvoice.pajak.go.id/" name="endpoint/MasterFakturService"><wsdl:types>';

/** 16 MiB answers built to exhaust a parser: nesting, attributes, text, references, elements, markup. */
export const ADVERSARIAL_BODIES: readonly AdversarialBody[] = [
  {
    name: 'deep nesting',
    check: 'efaktur-wsdl',
    reason: 'unexpected_body',
    head: '',
    unit: () => '<a>',
    tail: '',
  },
  {
    name: 'a million distinct attributes',
    check: 'efaktur-qr-validation',
    reason: 'unexpected_body',
    head: '<resValidateFakturPm',
    unit: (i) => ` a${i.toString(36)}="x"`,
    tail: '/>',
  },
  {
    name: 'a million distinct attributes, gzip-compressed',
    check: 'efaktur-qr-validation',
    reason: 'unexpected_body',
    gzip: true,
    head: '<resValidateFakturPm',
    unit: (i) => ` a${i.toString(36)}="x"`,
    tail: '/>',
  },
  {
    name: 'one huge text node',
    check: 'efaktur-qr-validation',
    reason: 'ok',
    head: QR_OPEN,
    unit: () => 'A'.repeat(64),
    tail: QR_CLOSE,
  },
  {
    name: 'millions of character references',
    check: 'efaktur-qr-validation',
    reason: 'ok',
    head: QR_OPEN,
    unit: (i) => (i % 2 === 0 ? '&amp;' : '&#x41;'),
    tail: QR_CLOSE,
  },
  {
    name: 'entities declared in a DOCTYPE',
    check: 'efaktur-wsdl',
    reason: 'unexpected_body',
    head: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><r>',
    unit: () => '&b;',
    tail: '</r>',
  },
  {
    name: 'millions of WSDL elements',
    check: 'efaktur-wsdl',
    reason: 'unexpected_body',
    head: WSDL_OPEN,
    unit: () => '<xs:element name="x"/>',
    tail: '</wsdl:types></wsdl:definitions>',
  },
  {
    name: 'a maintenance page of unterminated comments',
    check: 'efaktur-wsdl',
    reason: 'maintenance_page',
    head: '<html><body>Service e-Faktur sedang dalam perbaikan. ',
    unit: () => '<!--',
    tail: '',
  },
];

/** The body in chunks of about 64 KiB, never more than `MAX_BODY_BYTES` in all. */
export function* chunksOf(body: AdversarialBody): Generator<string> {
  const room = MAX_BODY_BYTES - body.head.length - body.tail.length;
  let size = 0;
  let chunk = body.head;
  for (let i = 0; ; i++) {
    const unit = body.unit(i);
    if (size + unit.length > room) break;
    size += unit.length;
    chunk += unit;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + body.tail;
}
