import type { OutgoingMail } from './mailer.ts';

/** The texts of the account e-mails, bilingual (the platform's users read Chinese or English). */

export function verificationMail(to: string, link: string): OutgoingMail {
  return {
    to,
    subject: '验证您的邮箱 / Verify your e-mail address',
    text: [
      '欢迎使用！请打开下面的链接验证您的邮箱（24 小时内有效）：',
      link,
      '',
      'Welcome! Open this link to verify your e-mail address (valid for 24 hours):',
      link,
      '',
      '如果不是您本人注册，请忽略本邮件。 If you did not sign up, ignore this e-mail.',
    ].join('\n'),
  };
}

export function passwordResetMail(to: string, link: string): OutgoingMail {
  return {
    to,
    subject: '重置密码 / Reset your password',
    text: [
      '请打开下面的链接设置新密码（1 小时内有效）：',
      link,
      '',
      'Open this link to choose a new password (valid for 1 hour):',
      link,
      '',
      '如果不是您本人操作，请忽略本邮件。 If you did not ask for this, ignore this e-mail.',
    ].join('\n'),
  };
}
