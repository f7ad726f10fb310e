import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from './id-card.js';
import {
  decodeTicketNumber,
  encodeTicketNumber,
  normalizeTicketNumber,
  TICKET_NUMBER_LENGTH,
  type TicketParts,
  ticketCheckCharacter,
} from './ticket-number.js';

const parts = fc.record({
  year: fc.integer({ min: 2000, max: 2099 }),
  regionCode: fc.integer({ min: 100000, max: 999999 }).map(String),
  centre: fc.integer({ min: 1, max: 99 }),
  room: fc.integer({ min: 1, max: 99 }),
  seat: fc.integer({ min: 1, max: 999 }),
});

const example: TicketParts = { year: 2026, regionCode: '410100', centre: 1, room: 3, seat: 17 };

describe('准考证号', () => {
  it('reads as year, jurisdiction, centre, 考场, seat and a check character', () => {
    expect(encodeTicketNumber(example)).toBe('202641010001030171');
    expect(encodeTicketNumber(example)).toHaveLength(TICKET_NUMBER_LENGTH);
    expect(encodeTicketNumber({ year: 2017, regionCode: '410000', centre: 12, room: 40, seat: 999 })).toMatch(
      /^20174100001240999[\dX]$/,
    );
  });

  it('computes the check character as the ID card does (ISO 7064 MOD 11-2)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (digits) => {
        expect(ticketCheckCharacter(digits)).toBe(idCheckCharacter(digits));
      }),
    );
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const decoded = decodeTicketNumber(encodeTicketNumber(p));
        expect(decoded).toEqual({ ok: true, parts: p, ticketNumber: encodeTicketNumber(p) });
      }),
    );
  });

  it('gives distinct seats distinct numbers', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(encodeTicketNumber(a)).not.toBe(encodeTicketNumber(b));
      }),
    );
  });

  it('catches every single wrong digit and every swap of two different neighbours', () => {
    fc.assert(
      fc.property(
        parts,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        (p, at, shift, swap) => {
          const good = encodeTicketNumber(p);
          let typed: string;
          if (swap) {
            fc.pre(at < 16 && good[at] !== good[at + 1]);
            typed = good.slice(0, at) + good[at + 1] + good[at] + good.slice(at + 2);
          } else {
            typed = good.slice(0, at) + String((Number(good[at]) + shift) % 10) + good.slice(at + 1);
          }
          const decoded = decodeTicketNumber(typed);
          expect(decoded.ok).toBe(false);
        },
      ),
    );
  });

  it('accepts what people type: full-width digits, spaces, hyphens, lower-case x', () => {
    const number = encodeTicketNumber(example);
    expect(normalizeTicketNumber(' ２０２６ 410100-01-03-017 1 ')).toBe(number);
    expect(decodeTicketNumber('2026 410100 01 03 017 1')).toMatchObject({ ok: true, parts: example });
    const withX = fc
      .sample(parts, { numRuns: 2000, seed: 7 })
      .map(encodeTicketNumber)
      .find((n) => n.endsWith('X'));
    expect(withX).toBeDefined();
    expect(decodeTicketNumber((withX as string).toLowerCase()).ok).toBe(true);
  });

  it('refuses malformed numbers with a code', () => {
    const good = encodeTicketNumber(example);
    const withCheck = (first17: string) => first17 + ticketCheckCharacter(first17);
    expect(decodeTicketNumber('')).toMatchObject({ ok: false, code: 'TICKET_FORMAT' });
    expect(decodeTicketNumber(good.slice(0, 17))).toMatchObject({ ok: false, code: 'TICKET_FORMAT' });
    expect(decodeTicketNumber(`${good}1`)).toMatchObject({ ok: false, code: 'TICKET_FORMAT' });
    expect(decodeTicketNumber('2026410100010301X1')).toMatchObject({ ok: false, code: 'TICKET_FORMAT' });
    expect(decodeTicketNumber(`${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`)).toMatchObject({
      ok: false,
      code: 'TICKET_CHECK',
    });
    // An ID card number is no ticket number (its year part is a region code).
    expect(decodeTicketNumber('410102199003071234')).toMatchObject({ ok: false });
    expect(decodeTicketNumber(withCheck('19994101000103017'))).toMatchObject({ code: 'TICKET_YEAR' });
    expect(decodeTicketNumber(withCheck('20260410000103017'))).toMatchObject({ code: 'TICKET_REGION' });
    expect(decodeTicketNumber(withCheck('20264101000003017'))).toMatchObject({ code: 'TICKET_CENTRE' });
    expect(decodeTicketNumber(withCheck('20264101000100017'))).toMatchObject({ code: 'TICKET_ROOM' });
    expect(decodeTicketNumber(withCheck('20264101000103000'))).toMatchObject({ code: 'TICKET_SEAT' });
    const refused = decodeTicketNumber(withCheck('20264101000103000'));
    expect(refused.ok === false && refused.message).toBe('准考证号中的座位号不正确');
  });

  it('refuses to encode parts out of range', () => {
    expect(() => encodeTicketNumber({ ...example, seat: 1000 })).toThrow(/TICKET_SEAT/);
    expect(() => encodeTicketNumber({ ...example, seat: 0 })).toThrow(/TICKET_SEAT/);
    expect(() => encodeTicketNumber({ ...example, room: 100 })).toThrow(/TICKET_ROOM/);
    expect(() => encodeTicketNumber({ ...example, centre: 1.5 })).toThrow(/TICKET_CENTRE/);
    expect(() => encodeTicketNumber({ ...example, regionCode: '4101' })).toThrow(/TICKET_REGION/);
    expect(() => encodeTicketNumber({ ...example, year: 26 })).toThrow(/TICKET_YEAR/);
  });
});
