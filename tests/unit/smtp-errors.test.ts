import { describe, it, expect } from 'vitest';
import { classifySmtpError, describeSmtpError } from '../../src/mail/smtp-errors.js';

/** Shaped like nodemailer's errors: an Error with code, responseCode and response. */
function smtpError(fields: { code?: string; responseCode?: number; response?: string }, message = 'boom'): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifySmtpError', () => {
  it.each([550, 551, 552, 553, 554])('when the server replies %i, then the failure is permanent', (responseCode) => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode }))).toBe('permanent');
    expect(classifySmtpError(smtpError({ responseCode }))).toBe('permanent');
  });

  it.each([421, 450, 451, 452])('when the server replies %i, then the failure is transient', (responseCode) => {
    expect(classifySmtpError(smtpError({ responseCode }))).toBe('transient');
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND'])(
    'when nodemailer reports %s with no reply, then the failure is transient',
    (code) => {
      expect(classifySmtpError(smtpError({ code }))).toBe('transient');
    },
  );

  it.each(['EENVELOPE', 'EMESSAGE'])('when nodemailer reports %s without a reply code, then the failure is permanent', (code) => {
    expect(classifySmtpError(smtpError({ code }))).toBe('permanent');
  });

  it('when EENVELOPE comes with a 451 reply, then the reply code decides: transient', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 451 }))).toBe('transient');
  });

  it('when a network code comes with a 5xx reply, then the reply code decides: permanent', () => {
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', responseCode: 554 }))).toBe('permanent');
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error('something odd')],
    ['an unknown code', smtpError({ code: 'EWHATEVER' })],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'EENVELOPE'],
    ['a number', 550],
    ['a reply code given as a string', { responseCode: '550' }],
  ])('when the error is %s, then it is treated as transient', (_, error) => {
    expect(classifySmtpError(error)).toBe('transient');
  });
});

describe('describeSmtpError', () => {
  it('when the error has code, reply code and reply, then all three are kept in that order', () => {
    const error = smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 Mailbox unavailable' });
    expect(describeSmtpError(error)).toBe('EENVELOPE 550 550 5.1.1 Mailbox unavailable');
  });

  it('when the error has only a code, then it is the code alone', () => {
    expect(describeSmtpError(smtpError({ code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
  });

  it('when the error has no code, then it is called ERROR', () => {
    expect(describeSmtpError(smtpError({ responseCode: 421, response: '421 Try later' }))).toBe('ERROR 421 421 Try later');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'oops'],
  ])('when the error is %s, then it is described as ERROR', (_, error) => {
    expect(describeSmtpError(error)).toBe('ERROR');
  });

  it('when the reply spans lines, then CR and LF runs become single spaces', () => {
    const error = smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550-First line\r\n550-Second\n\n550 Third\rEnd' });
    const description = describeSmtpError(error);
    expect(description).toBe('EENVELOPE 550 550-First line 550-Second 550 Third End');
    expect(description).not.toMatch(/[\r\n]/);
  });

  it('when the reply is long, then only its first 300 characters are kept', () => {
    const response = `550 ${'x'.repeat(400)}`;
    const description = describeSmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, response }));
    expect(description).toBe(`EENVELOPE 550 ${response.slice(0, 300)}`);
    expect(description.length).toBe('EENVELOPE 550 '.length + 300);
  });

  it('when the error message quotes an email address, then the description leaves the message out', () => {
    const error = smtpError(
      { code: 'EENVELOPE', responseCode: 553, response: '553 5.1.3 Bad recipient syntax' },
      'Can\'t send mail - all recipients were rejected: ana.anic@example.org <Ана Анић>',
    );
    const description = describeSmtpError(error);
    expect(description).not.toContain('ana.anic@example.org');
    expect(description).not.toContain('Ана');
    expect(description).not.toContain('rejected');
    expect(description).toBe('EENVELOPE 553 553 5.1.3 Bad recipient syntax');
  });

  it('when the error has only a message, then the message is not used', () => {
    expect(describeSmtpError(new Error('connect to smtp.example failed for ana@example.org'))).toBe('ERROR');
  });

  it('when code or reply are not strings, then they are ignored', () => {
    expect(describeSmtpError({ code: 42, responseCode: '550', response: { text: 'x' } })).toBe('ERROR');
  });
});
