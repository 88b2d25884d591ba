import type { Transporter } from 'nodemailer';
import { loadOnFirstUse } from '../../util/load-on-first-use.ts';

/** nodemailer, loaded by the first mail sent: a server that sends none does not carry it in its heap. */
const nodemailer = loadOnFirstUse<typeof import('nodemailer')>('nodemailer');

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is (the notification log's kind), e.g. verify_email. */
  kind?: string;
  /** The organization it concerns (the notification log shows it to that organization). */
  orgId?: string | null;
}

/** Sends the account e-mails (verification, password reset). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A mailer over SMTP (`smtp://user:password@host:587`, `smtps://…:465`) with nodemailer. */
export function createSmtpMailer(url: string, from: string): Mailer {
  let transport: Transporter | null = null;
  return {
    async send(mail) {
      transport ??= nodemailer().createTransport(url);
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport?.close();
    },
  };
}
