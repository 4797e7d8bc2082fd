/**
 * The one table that turns a file-system error (Node's `errno` codes) into Vietnamese: what happened and what to do,
 * naming the path. The CLI layer uses it for any such error that reaches it; the edges that wrap a file error into a
 * UsageError or an issue use it too, so the clerk never reads `EACCES: permission denied, open '…'`.
 */

/** The codes the tool can meet on a clerk's machine (Linux or Windows), each with its reason and its remedy. */
export const FS_ERROR_TEXT = {
  ENOENT: {
    reason: 'không có tệp hoặc thư mục này',
    fix: 'Kiểm tra lại đường dẫn (tên, dấu, thư mục). Thư mục nhận báo cáo và thư mục đầu ra chưa có thì chạy "baocao init" để tạo.',
  },
  EEXIST: {
    reason: 'ở đó đã có một tệp trùng tên, nên không tạo được thư mục hay tệp mới',
    fix: 'Đổi tên hoặc chuyển tệp đó đi, hoặc chọn một đường dẫn khác.',
  },
  ENOTDIR: {
    reason: 'một phần của đường dẫn là tệp chứ không phải thư mục',
    fix: 'Kiểm tra đường dẫn: mọi phần đứng trước tên cuối cùng phải là thư mục.',
  },
  EISDIR: {
    reason: 'đây là một thư mục, trong khi cần một tệp',
    fix: 'Chỉ tới một tệp bên trong thư mục đó, ví dụ baocao.config.json.',
  },
  EACCES: {
    reason: 'tài khoản đang dùng không có quyền truy cập',
    fix: 'Nhờ người quản trị máy cấp quyền đọc, ghi cho tài khoản này, hoặc chọn một thư mục khác (ví dụ trong thư mục Tài liệu của bạn).',
  },
  EPERM: {
    reason: 'hệ điều hành không cho phép (tệp chỉ đọc, đang mở trong chương trình khác, hoặc bị phần mềm diệt virus chặn)',
    fix: 'Đóng tệp nếu đang mở trong Excel hay Word, bỏ thuộc tính "Chỉ đọc" (Read-only) của tệp hoặc thư mục, rồi chạy lại.',
  },
  EROFS: {
    reason: 'ổ đĩa này chỉ cho đọc, không cho ghi',
    fix: 'Chọn thư mục trên một ổ ghi được (không phải đĩa CD, USB khóa ghi hay ổ mạng chỉ đọc).',
  },
  ENOSPC: {
    reason: 'ổ đĩa đã đầy',
    fix: 'Giải phóng dung lượng ổ đĩa (xóa tệp không cần, dọn Thùng rác) rồi chạy lại.',
  },
  EBUSY: {
    reason: 'tệp đang được một chương trình khác mở và khóa (thường là Excel hoặc Word)',
    fix: 'Đóng tệp trong Excel, Word (hoặc chương trình đang mở nó) rồi chạy lại.',
  },
  EMFILE: {
    reason: 'đang mở quá nhiều tệp cùng lúc',
    fix: 'Đóng bớt các chương trình khác rồi chạy lại; nếu vẫn lỗi, nhờ người quản trị tăng giới hạn số tệp mở (ulimit -n).',
  },
  ENFILE: {
    reason: 'hệ thống đang mở quá nhiều tệp cùng lúc',
    fix: 'Đóng bớt các chương trình khác, hoặc khởi động lại máy, rồi chạy lại.',
  },
  ENAMETOOLONG: {
    reason: 'tên tệp hoặc đường dẫn quá dài',
    fix: 'Đặt tên ngắn hơn, hoặc dùng thư mục gần gốc ổ đĩa hơn (Windows thường giới hạn đường dẫn khoảng 260 ký tự).',
  },
  ELOOP: {
    reason: 'đường dẫn đi qua một liên kết (symlink, shortcut) trỏ vòng lại chính nó',
    fix: 'Sửa hoặc xóa liên kết đó, hoặc chỉ thẳng tới thư mục thật.',
  },
  ENOTEMPTY: {
    reason: 'thư mục không trống',
    fix: 'Chuyển các tệp trong thư mục đó đi, hoặc chọn thư mục khác.',
  },
  EXDEV: {
    reason: 'không chuyển được tệp giữa hai ổ đĩa khác nhau',
    fix: 'Đặt thư mục đầu ra trên cùng một ổ đĩa, rồi chạy lại.',
  },
  EIO: {
    reason: 'lỗi đọc, ghi của ổ đĩa (ổ hỏng, USB bị rút, ổ mạng mất kết nối)',
    fix: 'Kiểm tra ổ đĩa hoặc kết nối mạng, rồi chạy lại.',
  },
} as const satisfies Record<string, { reason: string; fix: string }>;

export type FsErrno = keyof typeof FS_ERROR_TEXT;

/** What the tool was doing with the path; worded as "Không <action> <path>". */
export type FsAction = 'read' | 'write' | 'list' | 'create-dir' | 'access' | 'remove';

/** A file-system error found on `error` or its `cause` chain: Node sets `code`, `syscall`, and usually `path`. */
export interface FsErrorInfo {
  readonly code: string;
  readonly syscall: string | undefined;
  readonly path: string | undefined;
  readonly dest: string | undefined;
}

export function fsErrorInfo(error: unknown): FsErrorInfo | null {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && (code in FS_ERROR_TEXT || typeof (e as { syscall?: unknown }).syscall === 'string')) {
      const str = (k: string) => {
        const v = (e as Record<string, unknown>)[k];
        return typeof v === 'string' ? v : undefined;
      };
      return { code, syscall: str('syscall'), path: str('path'), dest: str('dest') };
    }
  }
  return null;
}

/** The reason alone ("ổ đĩa đã đầy"), for an issue message that already names its file. Never a raw code. */
export function fsErrorReason(error: unknown): string {
  const info = fsErrorInfo(error);
  return info ? textOf(info.code).reason : 'lỗi không rõ khi truy cập tệp';
}

/** The remedy alone, for the same use. */
export function fsErrorFix(error: unknown): string {
  const info = fsErrorInfo(error);
  return textOf(info?.code ?? '').fix;
}

/**
 * The full sentence: `Không ghi được /srv/out/2021-03/BaoCao.docx: ổ đĩa đã đầy. Giải phóng dung lượng … rồi chạy lại.`
 * `path` overrides the error's own (say, the folder the user typed rather than a temporary file inside it);
 * `action` overrides the one guessed from the system call; `hint` replaces the generic remedy.
 */
export function describeFsError(error: unknown, context: { path?: string; action?: FsAction; hint?: string } = {}): string {
  const info = fsErrorInfo(error);
  // A folder on the way to the given path is the more precise culprit (a file named like the folder to create).
  const own = info?.path;
  const ownIsAncestor = own !== undefined && context.path !== undefined && isAncestor(own, context.path);
  const where = ownIsAncestor ? own : (context.path ?? own ?? info?.dest);
  const action = ACTION_TEXT[(ownIsAncestor ? undefined : context.action) ?? actionOf(info?.syscall)];
  const text = textOf(info?.code ?? '');
  const subject = where === undefined ? `Không ${action}` : `Không ${action} ${where}`;
  return `${subject}: ${text.reason}. ${context.hint ?? text.fix}`.normalize('NFC');
}

// --- internal ---

const UNKNOWN = {
  reason: 'lỗi hệ thống tệp không xác định',
  fix: 'Kiểm tra ổ đĩa, quyền truy cập và đường dẫn rồi chạy lại; nếu vẫn lỗi, báo cho người quản trị máy (xem README, mục "Báo lỗi").',
};

function isAncestor(dir: string, file: string): boolean {
  const d = dir.replace(/[\\/]+$/, '');
  return file.length > d.length && file.startsWith(d) && (file[d.length] === '/' || file[d.length] === '\\');
}

function textOf(code: string): { reason: string; fix: string } {
  return code in FS_ERROR_TEXT ? FS_ERROR_TEXT[code as FsErrno] : UNKNOWN;
}

const ACTION_TEXT: Record<FsAction, string> = {
  read: 'đọc được',
  write: 'ghi được',
  list: 'đọc được thư mục',
  'create-dir': 'tạo được thư mục',
  access: 'truy cập được',
  remove: 'xóa được',
};

function actionOf(syscall: string | undefined): FsAction {
  switch (syscall) {
    case 'read':
      return 'read';
    case 'write':
    case 'rename':
    case 'fsync':
    case 'copyfile':
    case 'chmod':
      return 'write';
    case 'scandir':
    case 'opendir':
      return 'list';
    case 'mkdir':
      return 'create-dir';
    case 'unlink':
    case 'rmdir':
    case 'rm':
      return 'remove';
    default:
      return 'access';
  }
}
