// Directory listings as servers send them, read for what the bulk sample and the posture checks need:
// each entry's name, type, size and permissions. MLSD (RFC 3659) is exact; LIST has no standard, so
// the formats seen in the wild are recognised line by line: Unix `ls -l` (vsftpd, ProFTPD, Pure-FTPd,
// FileZilla Server, most appliances), DOS/IIS (`01-31-24  09:15PM  <DIR>  pub`) and EPLF
// (`+i…,m…,r,s1024,\tname`). A line in no known format is skipped, never guessed. Pure.

export type EntryType = 'file' | 'dir' | 'link' | 'other';

export type ListingFormat = 'unix' | 'dos' | 'eplf' | 'mlsd';

export interface ListingEntry {
  name: string;
  type: EntryType;
  /** In bytes; undefined when the line gives none (a DOS directory, an EPLF entry without `s`). */
  size: number | undefined;
  /** Permission bits as `ls -l` shows them, 9 characters (`rwxr-xr-x`); from Unix lines, EPLF `up` and MLSD `unix.mode`. */
  mode: string | undefined;
  /** MLSD's `perm` fact: what the logged-in user may do here (RFC 3659 §7.5.5: a c d e f l m p r w). */
  perm: string | undefined;
  /** The listed directory itself (MLSD `type=cdir`, or a Unix `.` entry). */
  self: boolean;
  format: ListingFormat;
  /** The date as a Unix or DOS line writes it, when it could be read. */
  time?: ListedTime;
}

/**
 * A LIST line's date as written: in the server's local time (a zone the line does not name), to the
 * minute or only to the day. Unix `ls -l` leaves the year out for recent files (`Jan 31 09:15`) and
 * the time of day for older ones (`Jan 31  2024`).
 */
export interface ListedTime {
  year: number | undefined;
  month: number;
  day: number;
  hour: number;
  minute: number;
  precision: 'minute' | 'day';
}

/** The sample is the smallest file of at least this size: enough full-size packets to cross any MTU problem. */
export const SAMPLE_MIN_BYTES = 64 * 1024;

const MONTH = '[A-Za-z]{3}';
// `Jan 31 09:15`, `Jan  1  2024`, and `2024-01-31 09:15` (ls --time-style=long-iso).
const DATE = `(${MONTH}\\s+\\d{1,2}\\s+(?:\\d{1,2}:\\d{2}|\\d{4})|\\d{4}-\\d{2}-\\d{2}\\s+\\d{2}:\\d{2})`;
// Type and mode (an ACL `+` or SELinux `.` may follow), the link count, owner and group (either may be
// missing or hold spaces), the size (or `major, minor` for a device), the date, one space, the name.
const UNIX = new RegExp(
  `^([-dlbcpsD])([-rwxsStTlL]{9})[+.@]?\\s+(?:\\d+\\s+)?(.*?)(\\d+|\\d+,\\s*\\d+)\\s+${DATE} (.*)$`,
);
// IIS and other Windows servers: `01-31-24  09:15PM       <DIR>          pub`, 4-digit years, 24-hour times.
const DOS = /^(\d{1,2}[-/]\d{1,2}[-/]\d{2,4})\s+(\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)\s+(<DIR>|\d+)\s+(.+)$/;
// EPLF (cr.yp.to/ftp/list/eplf.html): `+` facts separated by commas, a tab, the name.
const EPLF = /^\+([^\t]*)\t(.+)$/;
// MLSD: `fact=value;` pairs, one space, the name (which may itself begin with a space).
const MLSD = /^((?:[^=; ]+=[^;]*;)+) (.+)$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A time only when every part is in range; the day against the month is checked where the year is known. */
function listedTime(
  year: number | undefined,
  month: number,
  day: number,
  clock: { hour: number; minute: number } | undefined,
): ListedTime | undefined {
  const { hour, minute } = clock ?? { hour: 0, minute: 0 };
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  return { year, month, day, hour, minute, precision: clock ? 'minute' : 'day' };
}

/** `Jan 31 09:15`, `Jan 31  2024`, `2024-01-31 09:15`. */
function unixTime(text: string): ListedTime | undefined {
  const named = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec(text);
  if (named) {
    const [, month = '', day, hour, minute, year] = named;
    const clock = hour === undefined ? undefined : { hour: Number(hour), minute: Number(minute) };
    const at = MONTHS.indexOf(month.toLowerCase()) + 1;
    return at === 0 ? undefined : listedTime(year === undefined ? undefined : Number(year), at, Number(day), clock);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2})$/.exec(text);
  if (!iso) return undefined;
  const [year, month, day, hour, minute] = iso.slice(1).map(Number) as [number, number, number, number, number];
  return listedTime(year, month, day, { hour, minute });
}

/** `01-31-24` and `09:15PM` (or `21:15`): month first, a two-digit year in 1970–2069. */
function dosTime(date: string, time: string): ListedTime | undefined {
  const d = /^(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(time);
  if (!d || !t) return undefined;
  const [month, day, shortYear] = d.slice(1).map(Number) as [number, number, number];
  const year = shortYear >= 100 ? shortYear : shortYear < 70 ? 2000 + shortYear : 1900 + shortYear;
  let hour = Number(t[1]);
  const half = t[3]?.toLowerCase();
  if (half !== undefined && (hour < 1 || hour > 12)) return undefined;
  if (half === 'am' && hour === 12) hour = 0;
  if (half === 'pm' && hour !== 12) hour += 12;
  return listedTime(year, month, day, { hour, minute: Number(t[2]) });
}

const UNIX_TYPES: Record<string, EntryType> = { '-': 'file', d: 'dir', l: 'link' };

function parseUnix(line: string): ListingEntry | undefined {
  const m = UNIX.exec(line);
  if (!m) return undefined;
  const [, kind = '', mode = '', , size = '', date = '', rawName = ''] = m;
  const type = UNIX_TYPES[kind] ?? 'other';
  const time = unixTime(date);
  // A symbolic link is shown as `name -> target`.
  const name = type === 'link' ? rawName.replace(/ -> .*$/, '') : rawName;
  return {
    name,
    type,
    size: /^\d+$/.test(size) ? Number(size) : undefined,
    mode,
    perm: undefined,
    self: name === '.',
    format: 'unix',
    ...(time && { time }),
  };
}

function parseDos(line: string): ListingEntry | undefined {
  const m = DOS.exec(line);
  if (!m) return undefined;
  const [, date = '', clock = '', size = '', name = ''] = m;
  const dir = size === '<DIR>';
  const time = dosTime(date, clock);
  return {
    name,
    type: dir ? 'dir' : 'file',
    size: dir ? undefined : Number(size),
    mode: undefined,
    perm: undefined,
    self: false,
    format: 'dos',
    ...(time && { time }),
  };
}

/** `755` → `rwxr-xr-x`; undefined unless three or four octal digits (a leading set-id digit is ignored). */
export function modeFromOctal(octal: string): string | undefined {
  if (!/^[0-7]{3,4}$/.test(octal)) return undefined;
  return octal.slice(-3).replace(/[0-7]/g, (digit) => {
    const n = Number(digit);
    return `${n & 4 ? 'r' : '-'}${n & 2 ? 'w' : '-'}${n & 1 ? 'x' : '-'}`;
  });
}

function parseEplf(line: string): ListingEntry | undefined {
  const m = EPLF.exec(line);
  if (!m) return undefined;
  const [, factText = '', name = ''] = m;
  const facts = factText.split(',');
  const size = facts.find((f) => /^s\d+$/.test(f));
  const up = facts.find((f) => f.startsWith('up'));
  return {
    name,
    type: facts.includes('/') ? 'dir' : facts.includes('r') ? 'file' : 'other',
    size: size === undefined ? undefined : Number(size.slice(1)),
    mode: up === undefined ? undefined : modeFromOctal(up.slice(2)),
    perm: undefined,
    self: false,
    format: 'eplf',
  };
}

/** One MLSD line (RFC 3659 §7): fact names are case-insensitive, and so are the values of `type`. */
export function parseMlsdLine(line: string): ListingEntry | undefined {
  const m = MLSD.exec(line);
  if (!m) return undefined;
  const [, factText = '', name = ''] = m;
  const facts = new Map<string, string>();
  for (const fact of factText.split(';')) {
    const eq = fact.indexOf('=');
    if (eq > 0) facts.set(fact.slice(0, eq).toLowerCase(), fact.slice(eq + 1));
  }
  const kind = (facts.get('type') ?? '').toLowerCase();
  const type: EntryType =
    kind === 'file'
      ? 'file'
      : kind === 'dir' || kind === 'cdir' || kind === 'pdir'
        ? 'dir'
        : kind.includes('slink')
          ? 'link'
          : 'other';
  const size = facts.get('size');
  const unixMode = facts.get('unix.mode');
  return {
    name,
    type,
    size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined,
    mode: unixMode === undefined ? undefined : modeFromOctal(unixMode),
    perm: facts.get('perm'),
    self: kind === 'cdir',
    format: 'mlsd',
  };
}

/** One LIST line in whichever known format it is; undefined for `total 12`, blank lines and the unknown. */
export function parseListLine(line: string): ListingEntry | undefined {
  return parseUnix(line) ?? parseDos(line) ?? parseEplf(line);
}

/**
 * The entries of a listing as it came. `cut`: the text stops where ftpcheck stopped keeping it, so
 * its last line may be partial and is dropped. `..` (MLSD `pdir`, a Unix `..`) is not an entry of
 * the directory and is left out.
 */
export function parseListing(text: string, command: 'LIST' | 'MLSD', cut: boolean): ListingEntry[] {
  const lines = text.split(/\r?\n/);
  if (cut) lines.pop();
  const parse = command === 'MLSD' ? parseMlsdLine : parseListLine;
  const entries: ListingEntry[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const entry = parse(line.replace(/\r$/, ''));
    const parent = entry?.name === '..' || (command === 'MLSD' && /(^|;)type=pdir;/i.test(line));
    if (entry && !parent) entries.push(entry);
  }
  return entries;
}

/** A name ftpcheck can send in a command as it is: no line breaks, NUL, or text it could not decode. */
const sendable = (name: string): boolean => name !== '' && !/[\r\n\0\ufffd]/.test(name);

/** The file to download as the bulk sample: the smallest regular file of at least `minBytes`. */
export function chooseSample(entries: readonly ListingEntry[], minBytes = SAMPLE_MIN_BYTES): ListingEntry | undefined {
  return entries
    .filter((e) => e.type === 'file' && e.size !== undefined && e.size >= minBytes && sendable(e.name))
    .sort((a, b) => (a.size ?? 0) - (b.size ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
}

/**
 * Directories that the listing shows as writable: by everyone in their permission bits (`drwxrwxrwx`,
 * `drwxrwxrwt`), or, in MLSD, by the logged-in user (`perm` with c: create files, m: make directories,
 * w: write). The directory itself (`.`, `cdir`) counts too.
 */
export function writableDirectories(entries: readonly ListingEntry[]): ListingEntry[] {
  return entries.filter(
    (e) => e.type === 'dir' && (e.mode?.[7] === 'w' || (e.perm !== undefined && /[cmw]/i.test(e.perm))),
  );
}
