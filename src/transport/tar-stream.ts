import { PLACED_FILE_MTIME } from './placement.js';

/**
 * A minimal ustar archive writer: regular files with short member names, in memory. Enough to
 * send a batch of file contents to a server in one stream (`tar -x` on the other side); modes
 * and owners are set separately, after extraction. Members carry PLACED_FILE_MTIME, which `tar -x`
 * sets on the files it makes.
 */
export interface TarMember {
  /** At most 100 bytes, relative: `name` or `dir/name` (tar creates the directory); no `..`. */
  readonly name: string;
  readonly content: Buffer;
}

const BLOCK = 512;

export function buildTar(members: readonly TarMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    parts.push(header(member.name, member.content.length));
    parts.push(member.content);
    const padding = (BLOCK - (member.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2)); // end of archive
  return Buffer.concat(parts);
}

function header(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const parts = name.split('/');
  if (nameBytes.length === 0 || nameBytes.length > 100 || parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw new RangeError(`tar member name must be 1-100 bytes, relative, without empty, '.' or '..' parts: ${JSON.stringify(name)}`);
  }
  if (size > 0o77777777777) throw new RangeError('tar member larger than 8 GiB');
  const block = Buffer.alloc(BLOCK);
  nameBytes.copy(block, 0);
  writeOctal(block, 100, 8, 0o600); // mode
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, PLACED_FILE_MTIME);
  block.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  block.write('0', 156, 'latin1'); // regular file
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  writeOctal(block, 148, 7, sum);
  return block;
}

/** Zero-padded octal digits followed by a NUL, filling `length` bytes. */
function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, 'latin1');
}
