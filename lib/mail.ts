import nodemailer from 'nodemailer';
import { config } from './config';

/** Sends a message when SMTP is configured; returns whether it was sent. */
export async function sendMail(to: string, subject: string, text: string): Promise<boolean> {
  if (!config.smtpUrl) return false;
  const transport = nodemailer.createTransport(config.smtpUrl);
  await transport.sendMail({ from: config.mailFrom, to, subject, text });
  return true;
}
