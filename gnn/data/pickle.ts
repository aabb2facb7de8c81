/**
 * A minimal, data-only reader for the Python 2 pickles of the Planetoid split (protocol 2): numpy
 * arrays, scipy CSR matrices, defaultdicts and lists. It never executes anything: GLOBAL/REDUCE/NEWOBJ
 * build inert `PyObject` records that `toNdarray` and `toCsr` interpret for the few known classes.
 */
import { DataFormatError } from '../../core/errors';

/** An object the pickle asked to construct: class name, constructor args, BUILD state, dict/list items. */
export class PyObject {
  state: unknown = undefined;
  readonly items = new Map<unknown, unknown>();
  constructor(
    readonly cls: string,
    readonly args: unknown[],
  ) {}
}

class PyGlobal {
  constructor(readonly name: string) {}
}

const MARK = Symbol('mark');

/** Parses one pickle; thrown DataFormatError names `file` and the byte offset of an unknown opcode. */
export function unpickle(buf: Buffer, file: string): unknown {
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const popMark = (): unknown[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) throw new DataFormatError(file, null, `pickle: MARK missing at byte ${p}`);
    return stack.splice(i).slice(1);
  };
  const line = (): string => {
    const end = buf.indexOf(0x0a, p);
    const s = buf.toString('latin1', p, end);
    p = end + 1;
    return s;
  };
  const bytes = (n: number): Buffer => {
    if (p + n > buf.length) throw new DataFormatError(file, null, `pickle truncated at byte ${p}`);
    const b = buf.subarray(p, p + n);
    p += n;
    return b;
  };
  const setItems = (target: unknown, kv: unknown[]): void => {
    const map = target instanceof PyObject ? target.items : (target as Map<unknown, unknown>);
    for (let i = 0; i < kv.length; i += 2)
      map.set(kv[i] instanceof Buffer ? (kv[i] as Buffer).toString('latin1') : kv[i], kv[i + 1]);
  };
  while (p < buf.length) {
    const op = buf[p++];
    switch (op) {
      case 0x80:
        p++;
        break; // PROTO
      case 0x63: {
        const mod = line();
        stack.push(new PyGlobal(`${mod} ${line()}`));
        break;
      } // GLOBAL
      case 0x71:
        memo.set(buf[p++], stack[stack.length - 1]);
        break; // BINPUT
      case 0x72:
        memo.set(bytes(4).readUInt32LE(0), stack[stack.length - 1]);
        break; // LONG_BINPUT
      case 0x68:
        stack.push(memo.get(buf[p++]));
        break; // BINGET
      case 0x6a:
        stack.push(memo.get(bytes(4).readUInt32LE(0)));
        break; // LONG_BINGET
      case 0x4b:
        stack.push(buf[p++]);
        break; // BININT1
      case 0x4d:
        stack.push(bytes(2).readUInt16LE(0));
        break; // BININT2
      case 0x4a:
        stack.push(bytes(4).readInt32LE(0));
        break; // BININT
      case 0x8a: {
        const n = buf[p++];
        const b = bytes(n);
        stack.push(n === 0 ? 0 : Number(b.readIntLE(0, Math.min(n, 6))));
        break;
      } // LONG1
      case 0x47:
        stack.push(bytes(8).readDoubleBE(0));
        break; // BINFLOAT
      case 0x28:
        stack.push(MARK);
        break;
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x85:
        stack.push([stack.pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = stack.pop();
        stack.push([stack.pop(), b]);
        break;
      }
      case 0x87: {
        const c = stack.pop();
        const b = stack.pop();
        stack.push([stack.pop(), b, c]);
        break;
      }
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x55:
        stack.push(Buffer.from(bytes(buf[p++])));
        break; // SHORT_BINSTRING
      case 0x54:
        stack.push(Buffer.from(bytes(bytes(4).readUInt32LE(0))));
        break; // BINSTRING
      case 0x58:
        stack.push(bytes(bytes(4).readUInt32LE(0)).toString('utf8'));
        break; // BINUNICODE
      case 0x4e:
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x61: {
        const v = stack.pop();
        (stack[stack.length - 1] as unknown[]).push(v);
        break;
      } // APPEND
      case 0x65: {
        const vs = popMark();
        (stack[stack.length - 1] as unknown[]).push(...vs);
        break;
      } // APPENDS
      case 0x73: {
        const v = stack.pop();
        const k = stack.pop();
        setItems(stack[stack.length - 1], [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const kv = popMark();
        setItems(stack[stack.length - 1], kv);
        break;
      } // SETITEMS
      case 0x52:
      case 0x81: {
        // REDUCE, NEWOBJ
        const args = stack.pop() as unknown[];
        const fn = stack.pop();
        if (!(fn instanceof PyGlobal))
          throw new DataFormatError(file, null, `pickle: call of a non-class at byte ${p}`);
        stack.push(new PyObject(fn.name, args));
        break;
      }
      case 0x62: {
        const state = stack.pop();
        (stack[stack.length - 1] as PyObject).state = state;
        break;
      } // BUILD
      case 0x2e:
        return stack.pop(); // STOP
      default:
        throw new DataFormatError(file, null, `pickle: unsupported opcode 0x${op.toString(16)} at byte ${p - 1}`);
    }
  }
  throw new DataFormatError(file, null, 'pickle truncated (no STOP)');
}
