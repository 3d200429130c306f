/**
 * The arguments and results of every NFS version 2 procedure (RFC 1094
 * §2.2; SunOS's nfs_xdr.c), and of the two MOUNT and port-mapper calls
 * the client side needs, as pairs of pure functions: `put...` writes one
 * into an XdrEncoder, `get...` reads it back from an XdrDecoder (throwing
 * XdrError for anything that does not decode). The client encodes
 * arguments and decodes results; the server the other way round; the
 * tests check each pair against the bytes tshark decodes.
 */
import { XdrDecoder, XdrEncoder } from '../../net/rpc/xdr.js';
import { type Fattr, getFattr, getFh, getSattr, putFattr, putSattr, type Sattr } from './nfs_subs.js';
import { NFS_MAXDATA, NFS_MAXNAMLEN, NFS_MAXPATHLEN, NFS_OK } from './nfsproto.js';

/** diropargs: a directory and a name in it. */
export interface DirOpArgs {
  dir: Uint8Array;
  name: string;
}

export function putDirOpArgs(e: XdrEncoder, a: DirOpArgs): XdrEncoder {
  return e.fopaque(a.dir).string(a.name);
}

export function getDirOpArgs(d: XdrDecoder): DirOpArgs {
  return { dir: getFh(d), name: d.string(NFS_MAXNAMLEN) };
}

export interface SattrArgs {
  file: Uint8Array;
  attrs: Sattr;
}
export const putSattrArgs = (e: XdrEncoder, a: SattrArgs) => putSattr(e.fopaque(a.file), a.attrs);
export const getSattrArgs = (d: XdrDecoder): SattrArgs => ({ file: getFh(d), attrs: getSattr(d) });

export interface ReadArgs {
  file: Uint8Array;
  offset: number;
  count: number;
  totalcount: number;
}
export const putReadArgs = (e: XdrEncoder, a: ReadArgs) =>
  e.fopaque(a.file).u32(a.offset).u32(a.count).u32(a.totalcount);
export const getReadArgs = (d: XdrDecoder): ReadArgs => ({
  file: getFh(d),
  offset: d.u32(),
  count: d.u32(),
  totalcount: d.u32(),
});

export interface WriteArgs {
  file: Uint8Array;
  beginoffset: number;
  offset: number;
  totalcount: number;
  data: Uint8Array;
}
export const putWriteArgs = (e: XdrEncoder, a: WriteArgs) =>
  e.fopaque(a.file).u32(a.beginoffset).u32(a.offset).u32(a.totalcount).opaque(a.data);
export const getWriteArgs = (d: XdrDecoder): WriteArgs => ({
  file: getFh(d),
  beginoffset: d.u32(),
  offset: d.u32(),
  totalcount: d.u32(),
  data: d.opaque(NFS_MAXDATA),
});

/** createargs (CREATE, MKDIR). */
export interface CreateArgs {
  where: DirOpArgs;
  attrs: Sattr;
}
export const putCreateArgs = (e: XdrEncoder, a: CreateArgs) => putSattr(putDirOpArgs(e, a.where), a.attrs);
export const getCreateArgs = (d: XdrDecoder): CreateArgs => ({ where: getDirOpArgs(d), attrs: getSattr(d) });

export interface RenameArgs {
  from: DirOpArgs;
  to: DirOpArgs;
}
export const putRenameArgs = (e: XdrEncoder, a: RenameArgs) => putDirOpArgs(putDirOpArgs(e, a.from), a.to);
export const getRenameArgs = (d: XdrDecoder): RenameArgs => ({ from: getDirOpArgs(d), to: getDirOpArgs(d) });

export interface LinkArgs {
  from: Uint8Array;
  to: DirOpArgs;
}
export const putLinkArgs = (e: XdrEncoder, a: LinkArgs) => putDirOpArgs(e.fopaque(a.from), a.to);
export const getLinkArgs = (d: XdrDecoder): LinkArgs => ({ from: getFh(d), to: getDirOpArgs(d) });

export interface SymlinkArgs {
  from: DirOpArgs;
  to: string;
  attrs: Sattr;
}
export const putSymlinkArgs = (e: XdrEncoder, a: SymlinkArgs) =>
  putSattr(putDirOpArgs(e, a.from).string(a.to), a.attrs);
export const getSymlinkArgs = (d: XdrDecoder): SymlinkArgs => ({
  from: getDirOpArgs(d),
  to: d.string(NFS_MAXPATHLEN),
  attrs: getSattr(d),
});

export interface ReaddirArgs {
  dir: Uint8Array;
  /** The 4-byte cookie, as a number (this server's: a byte offset in the directory). */
  cookie: number;
  count: number;
}
export const putReaddirArgs = (e: XdrEncoder, a: ReaddirArgs) => e.fopaque(a.dir).u32(a.cookie).u32(a.count);
export const getReaddirArgs = (d: XdrDecoder): ReaddirArgs => ({
  dir: getFh(d),
  cookie: d.u32(),
  count: d.u32(),
});

// ----------------------------------------------------------------- results

/** attrstat (GETATTR, SETATTR, WRITE). */
export interface AttrStat {
  status: number;
  attr?: Fattr;
}
export function putAttrStat(e: XdrEncoder, r: AttrStat): XdrEncoder {
  e.u32(r.status);
  if (r.status === NFS_OK && r.attr) putFattr(e, r.attr);
  return e;
}
export function getAttrStat(d: XdrDecoder): AttrStat {
  const status = d.u32();
  return status === NFS_OK ? { status, attr: getFattr(d) } : { status };
}

/** diropres (LOOKUP, CREATE, MKDIR). */
export interface DirOpRes {
  status: number;
  file?: Uint8Array;
  attr?: Fattr;
}
export function putDirOpRes(e: XdrEncoder, r: DirOpRes): XdrEncoder {
  e.u32(r.status);
  if (r.status === NFS_OK && r.file && r.attr) putFattr(e.fopaque(r.file), r.attr);
  return e;
}
export function getDirOpRes(d: XdrDecoder): DirOpRes {
  const status = d.u32();
  return status === NFS_OK ? { status, file: getFh(d), attr: getFattr(d) } : { status };
}

export interface ReadlinkRes {
  status: number;
  path?: string;
}
export function putReadlinkRes(e: XdrEncoder, r: ReadlinkRes): XdrEncoder {
  e.u32(r.status);
  if (r.status === NFS_OK) e.string(r.path ?? '');
  return e;
}
export function getReadlinkRes(d: XdrDecoder): ReadlinkRes {
  const status = d.u32();
  return status === NFS_OK ? { status, path: d.string(NFS_MAXPATHLEN) } : { status };
}

export interface ReadRes {
  status: number;
  attr?: Fattr;
  data?: Uint8Array;
}
export function putReadRes(e: XdrEncoder, r: ReadRes): XdrEncoder {
  e.u32(r.status);
  if (r.status === NFS_OK && r.attr) putFattr(e, r.attr).opaque(r.data ?? new Uint8Array(0));
  return e;
}
export function getReadRes(d: XdrDecoder): ReadRes {
  const status = d.u32();
  return status === NFS_OK ? { status, attr: getFattr(d), data: d.opaque(NFS_MAXDATA) } : { status };
}

export interface DirEntry2 {
  fileid: number;
  name: string;
  /** Where the next entry starts. */
  cookie: number;
}

export interface ReaddirRes {
  status: number;
  entries: DirEntry2[];
  eof: boolean;
}

/** The XDR size of one entry in a READDIR reply (value_follows, fileid, name, cookie). */
export function entrySize(name: string): number {
  return 4 + 4 + 4 + ((name.length + 3) & ~3) + 4;
}

export function putReaddirRes(e: XdrEncoder, r: ReaddirRes): XdrEncoder {
  e.u32(r.status);
  if (r.status !== NFS_OK) return e;
  for (const ent of r.entries) e.bool(true).u32(ent.fileid).string(ent.name).u32(ent.cookie);
  return e.bool(false).bool(r.eof);
}
export function getReaddirRes(d: XdrDecoder): ReaddirRes {
  const status = d.u32();
  const entries: DirEntry2[] = [];
  if (status !== NFS_OK) return { status, entries, eof: false };
  while (d.bool()) entries.push({ fileid: d.u32(), name: d.string(NFS_MAXNAMLEN), cookie: d.u32() });
  return { status, entries, eof: d.bool() };
}

export interface StatfsRes {
  status: number;
  tsize?: number;
  bsize?: number;
  blocks?: number;
  bfree?: number;
  bavail?: number;
}
export function putStatfsRes(e: XdrEncoder, r: StatfsRes): XdrEncoder {
  e.u32(r.status);
  if (r.status === NFS_OK)
    e.u32(r.tsize ?? 0)
      .u32(r.bsize ?? 0)
      .u32(r.blocks ?? 0)
      .u32(r.bfree ?? 0)
      .u32(r.bavail ?? 0);
  return e;
}
export function getStatfsRes(d: XdrDecoder): StatfsRes {
  const status = d.u32();
  if (status !== NFS_OK) return { status };
  return { status, tsize: d.u32(), bsize: d.u32(), blocks: d.u32(), bfree: d.u32(), bavail: d.u32() };
}

// ------------------------------------------------------------ MOUNT, portmap

/** MOUNTPROC_MNT's result: a status (a Unix error number) and, if 0, the directory's handle. */
export interface FhStatus {
  status: number;
  fh?: Uint8Array;
}
export function putFhStatus(e: XdrEncoder, r: FhStatus): XdrEncoder {
  e.u32(r.status);
  if (r.status === 0 && r.fh) e.fopaque(r.fh);
  return e;
}
export function getFhStatus(d: XdrDecoder): FhStatus {
  const status = d.u32();
  return status === 0 ? { status, fh: getFh(d) } : { status };
}

/** A port mapper mapping (SET, UNSET, GETPORT's argument). */
export interface PmapMapping {
  prog: number;
  vers: number;
  prot: number;
  port: number;
}
export const putMapping = (e: XdrEncoder, m: PmapMapping) =>
  e.u32(m.prog).u32(m.vers).u32(m.prot).u32(m.port);
export const getMapping = (d: XdrDecoder): PmapMapping => ({
  prog: d.u32(),
  vers: d.u32(),
  prot: d.u32(),
  port: d.u32(),
});

/** Encode something with one of the put functions, as bytes. */
export function encode<T>(put: (e: XdrEncoder, v: T) => unknown, v: T): Uint8Array {
  const e = new XdrEncoder(128);
  put(e, v);
  return e.bytes();
}

/** Decode bytes with one of the get functions; the whole message must be used. */
export function decode<T>(get: (d: XdrDecoder) => T, b: Uint8Array): T {
  return get(new XdrDecoder(b));
}
