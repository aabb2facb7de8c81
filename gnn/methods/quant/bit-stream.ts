/**
 * Little-endian byte writer/reader with an LSB-first bit packer: b-bit unsigned codes are laid end to
 * end, so two INT4 values share one byte and a 3-bit A²Q row wastes nothing but its last byte's tail.
 */

export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.pos++, v);
  }
  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  i32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }
  f32(v: number): void {
    this.reserve(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u16(b.length);
    this.bytes(b);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export class ByteReader {
  private readonly view: DataView;
  pos = 0;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  u8(): number {
    return this.view.getUint8(this.pos++);
  }
  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f32(): number {
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  str(): string {
    return new TextDecoder().decode(this.bytes(this.u16()));
  }
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}

/** Packs unsigned codes of `bits` each (1..16), LSB first; the result has ⌈n·bits/8⌉ bytes. */
export function packBits(codes: ArrayLike<number>, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((codes.length * bits) / 8));
  let bit = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    for (let k = 0; k < bits; k++, bit++) if ((c >> k) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  }
  return out;
}

export function unpackBits(packed: Uint8Array, bits: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  let bit = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let k = 0; k < bits; k++, bit++) if ((packed[bit >> 3]! >> (bit & 7)) & 1) c |= 1 << k;
    out[i] = c;
  }
  return out;
}
