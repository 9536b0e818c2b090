/** Builds pgoutput message buffers by hand for unit tests. */
export class MessageBuilder {
  private readonly parts: Buffer[] = [];

  static tag(t: string): MessageBuilder {
    return new MessageBuilder().char(t);
  }

  char(c: string): this {
    this.parts.push(Buffer.from(c, 'latin1'));
    return this;
  }

  u8(v: number): this {
    this.parts.push(Buffer.from([v]));
    return this;
  }

  i16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }

  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }

  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    this.parts.push(b);
    return this;
  }

  u64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(v);
    this.parts.push(b);
    return this;
  }

  i64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }

  str(s: string): this {
    this.parts.push(Buffer.from(s, 'utf8'), Buffer.from([0]));
    return this;
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  /** TupleData: each entry null → 'n', 'u' symbol string → 'u', string → 't', Buffer → 'b'. */
  tuple(values: readonly (string | Buffer | null | { u: true })[]): this {
    this.i16(values.length);
    for (const v of values) {
      if (v === null) this.char('n');
      else if (typeof v === 'object' && 'u' in v) this.char('u');
      else if (typeof v === 'string') this.char('t').i32(Buffer.byteLength(v)).raw(Buffer.from(v));
      else this.char('b').i32(v.length).raw(v);
    }
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A Relation message for a table (id int4 key, name text, data bytea), optionally streamed. */
export function relationMessage(oid = 16384, xid?: number): Buffer {
  const b = MessageBuilder.tag('R');
  if (xid !== undefined) b.u32(xid);
  return b
    .u32(oid)
    .str('public')
    .str('items')
    .char('d')
    .i16(3)
    .u8(1).str('id').u32(23).i32(-1)
    .u8(0).str('name').u32(25).i32(-1)
    .u8(0).str('data').u32(17).i32(-1)
    .build();
}
