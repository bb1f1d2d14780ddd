"""A small regf (Windows registry hive) patcher for tests/hostile/make-cases. Python 3, stdlib only.

It never rewrites a hive: it reads keys from an existing hive (the samples' hivex-written ones), appends
one new hive bin holding crafted cells, and patches u32 fields of existing cells in place. finish() then
fixes what the analyzer's reader (analyzer/hive/regf.cpp) and hivex check in the base block: the hive bins
size, equal sequence numbers and the checksum. Layout offsets follow analyzer/hive/regf.cpp (payload
offsets, i.e. 4 bytes past a cell's size field) and docs/regf-notes.md.
"""
import struct

BASE = 0x1000          # the hive bins data starts here; cell offsets count from it
HBIN_HEADER = 0x20
NO_OFFSET = 0xFFFFFFFF
MAX_SEGMENT = 16344    # big-data bytes per segment cell

REG_SZ, REG_BINARY, REG_DWORD = 1, 3, 4


def _align(n, a):
    return (n + a - 1) // a * a


def lh_hash(name):
    h = 0
    for ch in name.upper():
        h = (h * 37 + ord(ch)) & 0xFFFFFFFF
    return h


def encode_name(name):
    """(bytes, compressed): Latin-1 when it fits (the compressed form Windows uses), else UTF-16LE."""
    try:
        return name.encode("latin-1"), True
    except UnicodeEncodeError:
        return name.encode("utf-16-le"), False


class Hive:
    def __init__(self, data):
        self.buf = bytearray(data)
        if self.buf[:4] != b"regf":
            raise ValueError("not a regf hive")
        self.bins_size = self.u32h(0x28)
        self.root = self.u32h(0x24)
        self.new_cells = []  # (offset in new bin, bytes)
        self.new_start = self.bins_size  # the appended bin's offset (bins data)
        self.new_used = HBIN_HEADER

    # ---- reading ----------------------------------------------------------------------------------------
    def u32h(self, off):
        return struct.unpack_from("<I", self.buf, off)[0]

    def payload(self, cell):
        """Payload start (file offset) of the cell at `cell` (bins offset)."""
        return BASE + cell + 4

    def u16(self, cell, field):
        return struct.unpack_from("<H", self.buf, self.payload(cell) + field)[0]

    def u32(self, cell, field):
        return struct.unpack_from("<I", self.buf, self.payload(cell) + field)[0]

    def put_u32(self, cell, field, value):
        if cell >= self.new_start:
            raise ValueError("patch only cells of the original hive")
        struct.pack_into("<I", self.buf, self.payload(cell) + field, value)

    def key_name(self, nk):
        p = self.payload(nk)
        n = self.u16(nk, 0x48)
        raw = bytes(self.buf[p + 0x4C:p + 0x4C + n])
        return raw.decode("latin-1") if self.u16(nk, 0x02) & 0x20 else raw.decode("utf-16-le")

    def subkeys(self, nk):
        """[(name, nk offset)] through lf/lh/li and one level of ri."""
        lst = self.u32(nk, 0x1C)
        if self.u32(nk, 0x14) == 0 or lst == NO_OFFSET:
            return []
        out = []

        def leaf(cell):
            p = self.payload(cell)
            sig = bytes(self.buf[p:p + 2])
            count = self.u16(cell, 2)
            if sig == b"ri":
                for i in range(count):
                    leaf(self.u32(cell, 4 + 4 * i))
                return
            step = 4 if sig == b"li" else 8
            for i in range(count):
                off = self.u32(cell, 4 + step * i)
                out.append((self.key_name(off), off))
        leaf(lst)
        return out

    def find(self, path):
        """The nk offset of a backslash-separated path below the root (case-insensitive)."""
        nk = self.root
        for part in [p for p in path.split("\\") if p]:
            match = [off for name, off in self.subkeys(nk) if name.lower() == part.lower()]
            if not match:
                raise KeyError(f"no key {part!r} in {path!r}")
            nk = match[0]
        return nk

    def value(self, nk, name):
        """The vk offset of a value of key nk."""
        count, lst = self.u32(nk, 0x24), self.u32(nk, 0x28)
        for i in range(count):
            vk = self.u32(lst, 4 * i)
            p = self.payload(vk)
            n = self.u16(vk, 2)
            raw = bytes(self.buf[p + 0x14:p + 0x14 + n])
            vname = raw.decode("latin-1") if self.u16(vk, 0x10) & 1 else raw.decode("utf-16-le")
            if vname.lower() == name.lower():
                return vk
        raise KeyError(f"no value {name!r}")

    # ---- writing new cells ------------------------------------------------------------------------------
    def cell(self, payload):
        """Appends an allocated cell to the new bin; returns its offset (bins data)."""
        size = _align(len(payload) + 4, 8)
        off = self.new_start + self.new_used
        self.new_cells.append((self.new_used, struct.pack("<i", -size) + payload + b"\0" * (size - 4 - len(payload))))
        self.new_used += size
        return off

    def vk(self, name, vtype, data=b"", data_cell=None, data_size=None):
        """A value cell. Data of up to 4 bytes is resident unless data_cell is given."""
        raw, compressed = encode_name(name)
        if data_cell is None and len(data) <= 4:
            size, doff = 0x80000000 | len(data), struct.unpack("<I", data.ljust(4, b"\0"))[0]
        else:
            if data_cell is None:
                data_cell = self.cell(data)
            size, doff = (len(data) if data_size is None else data_size), data_cell
        return self.cell(b"vk" + struct.pack("<HIIIHH", len(raw), size, doff, vtype, 1 if compressed else 0, 0) + raw)

    def value_list(self, vks):
        return self.cell(b"".join(struct.pack("<I", v) for v in vks))

    def big_data(self, segment_cells):
        """A db cell whose segment list names segment_cells (offsets; repeats allowed)."""
        seglist = self.cell(b"".join(struct.pack("<I", s) for s in segment_cells))
        return self.cell(b"db" + struct.pack("<HII", len(segment_cells), seglist, 0))

    def nk(self, name, parent, security, values=0, value_list=NO_OFFSET, subkeys=0, subkey_list=NO_OFFSET):
        raw, compressed = encode_name(name)
        flags = 0x20 if compressed else 0
        fixed = struct.pack("<2sHQIIIIIIIIIIIIIIIHH", b"nk", flags, 0x01CAA40D9DD088E0, 0, parent, subkeys, 0,
                            subkey_list, NO_OFFSET, values, value_list, security, NO_OFFSET, 0, 0, 0, 0, 0,
                            len(raw), 0)
        assert len(fixed) == 0x4C
        return self.cell(fixed + raw)

    def add_subkeys(self, parent, children):
        """Gives key `parent` a new lh list: its old subkeys plus children [(name, nk offset)], sorted."""
        entries = sorted(self.subkeys(parent) + children, key=lambda e: e[0].upper())
        lh = self.cell(b"lh" + struct.pack("<H", len(entries)) +
                       b"".join(struct.pack("<II", off, lh_hash(name)) for name, off in entries))
        self.put_u32(parent, 0x14, len(entries))
        self.put_u32(parent, 0x1C, lh)
        self.put_u32(parent, 0x34, max([self.u32(parent, 0x34)] + [len(n) * 2 for n, _ in children]))

    def set_values(self, nk, count, value_list):
        self.put_u32(nk, 0x24, count)
        self.put_u32(nk, 0x28, value_list)

    # ---- the file ---------------------------------------------------------------------------------------
    def finish(self):
        """The hive's bytes: the new bin appended, the base block fixed."""
        out = bytearray(self.buf[:BASE + self.bins_size])
        if self.new_cells:
            bin_size = _align(self.new_used + 8, 0x1000)
            body = bytearray(bin_size)
            body[0:4] = b"hbin"
            struct.pack_into("<III", body, 4, self.new_start, bin_size, 0)
            for at, data in self.new_cells:
                body[at:at + len(data)] = data
            struct.pack_into("<i", body, self.new_used, bin_size - self.new_used)  # the rest: one free cell
            out += body
            struct.pack_into("<I", out, 0x28, self.bins_size + bin_size)
        struct.pack_into("<I", out, 0x08, self.u32h(0x04))  # secondary = primary sequence: clean
        checksum = 0
        for off in range(0, 0x1FC, 4):
            checksum ^= struct.unpack_from("<I", out, off)[0]
        checksum = {0: 1, 0xFFFFFFFF: 0xFFFFFFFE}.get(checksum, checksum)
        struct.pack_into("<I", out, 0x1FC, checksum)
        return bytes(out)
