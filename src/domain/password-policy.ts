// Password policy for accounts (applicants, unit officials, reviewers). The rules follow the usual Chinese
// government-system practice (等级保护 2.0 asks for complexity and forbids guessable personal data).

export interface PasswordContext {
  username?: string;
  idNumber?: string;
}

export type PasswordCheck = { ok: true } | { ok: false; message: string };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;
const MIN_CHARACTER_CLASSES = 3;
// A one- or two-letter username would forbid most passwords without making any of them safer.
const MIN_USERNAME_LENGTH_CHECKED = 3;

function refuse(message: string): PasswordCheck {
  return { ok: false, message };
}

export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  // Count code points, not UTF-16 units, so a character outside the BMP counts once.
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH || chars.length > PASSWORD_MAX_LENGTH) {
    return refuse(`密码长度应为${PASSWORD_MIN_LENGTH}至${PASSWORD_MAX_LENGTH}位`);
  }
  if (/\p{Cc}/u.test(password)) {
    return refuse('密码不能包含控制字符');
  }
  // Before the class count, so that "11111111" gets the more telling message.
  if (chars.every((ch) => ch === chars[0])) {
    return refuse('密码不能由同一个字符重复组成');
  }
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < MIN_CHARACTER_CLASSES) {
    return refuse('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  }
  const lower = password.toLowerCase();
  const username = context.username?.trim().toLowerCase() ?? '';
  if (username.length >= MIN_USERNAME_LENGTH_CHECKED && lower.includes(username)) {
    return refuse('密码不能包含用户名');
  }
  const idNumber = context.idNumber?.replace(/\s+/g, '').toLowerCase() ?? '';
  if (idNumber !== '' && lower.includes(idNumber)) {
    return refuse('密码不能包含身份证号');
  }
  return { ok: true };
}
