"""File types detected from content (magic bytes and structure), not from the extension.

Extractors declare the names below in ``Extractor.types``. The names are part of the
manifest (``files.detected_type``): never rename one.

=========  ===============================================================================
name       detected by
=========  ===============================================================================
empty      zero bytes
pdf        ``%PDF-`` within the first 1024 bytes
pcl        a PCL print job: HP's universal exit ``ESC %-12345X`` and ``@PJL`` lines, or a
           reset ``ESC E`` followed by another PCL escape, at the start
postscript ``%!PS`` at the start (after a Ctrl-D a driver may send first): a print job
           or a ``.ps`` file
xlsx       zip holding ``xl/workbook.xml`` (also .xlsm)
docx       zip holding ``word/document.xml``
pptx       zip holding ``ppt/presentation.xml`` (also .pptm, .ppsx)
ods        zip whose ``mimetype`` member is ``...opendocument.spreadsheet``
odt        zip whose ``mimetype`` member is ``...opendocument.text`` (templates too), or
           OpenOffice.org 1.x's ``...sun.xml.writer`` (``.sxw``)
xps        zip holding an XPS or OpenXPS document sequence (``*.fdseq``) or pages
           (``*.fpage``): print output
saz        zip holding a session's ``raw/1_c.txt`` (or ``_s.txt``): a Fiddler session archive
zip        any other zip (``PK\\3\\4``, or an empty zip ``PK\\5\\6``)
xls        OLE2 compound file with a ``Workbook`` / ``Book`` stream
msg        OLE2 compound file with ``__substg1.0_*`` streams (Outlook message)
doc        OLE2 compound file with a ``WordDocument`` stream
tar        ``ustar`` magic at offset 257, or a valid v7 header checksum
gzip       ``1f 8b`` (a gzipped tar is still ``gzip``: the archive reader looks inside)
bzip2      ``BZh`` + block size digit
xz         ``fd 37 7a 58 5a 00``
zstd       ``28 b5 2f fd``
compress   ``1f 9d`` and a largest code width of 9 to 16 bits (Unix ``compress``, ``.Z``)
lzip       ``LZIP``, version 1 and a dictionary size of 4 KiB to 512 MiB (``.lz``)
lzop       ``89 4c 5a 4f 00 0d 0a 1a 0a`` (``.lzo``)
7z         ``37 7a bc af 27 1c``
cab        ``MSCF``, zero reserved bytes and version 1.3 (a Microsoft Cabinet file)
android-backup
           ``ANDROID BACKUP`` and a line (an ``adb backup`` file, ``.ab``)
cpio       a cpio archive's first header: ``070701`` or ``070702`` and 104 hexadecimal
           digits (new ASCII), ``070707`` and 70 octal digits (old portable ASCII), or the
           old binary magic 070707 in either byte order with a NUL-terminated name
ar         ``!<arch>\\n`` (or a thin archive's ``!<thin>\\n``) and a first entry header that
           ends in its mark: a Unix ``ar`` archive (a Debian package ``.deb``, a library)
iso9660    an ISO 9660 volume descriptor at sector 16 (byte 32768): a type of 0 to 3,
           ``CD001`` and version 1 (a CD or DVD image, ``.iso``)
rar        ``Rar!\\x1a\\x07`` (recognised, not opened)
sqlite     ``SQLite format 3\\x00``
sqlite-wal a SQLite write-ahead log (``*-wal``): ``37 7f 06 82`` or ``37 7f 06 83``, format
           3007000 and a page size that is a power of two from 512 to 65536
duckdb     ``DUCK`` at byte 8 and a storage version (a DuckDB database file's main header:
           ``.duckdb``)
spss       ``$FL2`` (an SPSS data file, ``.sav``) or ``$FL3`` (its compressed ``.zsav``)
stata      ``<stata_dta>`` (a Stata data file of version 13 on, ``.dta``), or an older one's
           first four bytes: its format (104 to 115), byte order, file type 1 and a zero
sas-xport  ``HEADER RECORD*******LIBRARY HEADER RECORD`` (``LIBV8`` in version 8): a SAS
           transport file (``.xpt``)
parquet    ``PAR1`` at the start and at the end (Apache Parquet)
arrow      ``ARROW1`` at the start and at the end (an Apache Arrow IPC file: Feather v2,
           ``.arrow``)
orc        ``ORC`` at the start and a postscript length that fits the file (Apache ORC: a
           Hive table's ``000000_0``)
avro       ``Obj\\x01`` (an Apache Avro object container file: a Kafka sink's, a data
           platform's)
bson       a stream of BSON documents (``mongodump``'s ``.bson``): a document's length, its
           first element's type and key, its closing NUL and the next one's length
hdf5       HDF5's signature ``\\x89HDF\\r\\n\\x1a\\n`` at byte 0, or at 512, 1024, 2048... after
           a user block (a cohort kept with h5py, a pandas ``to_hdf`` store)
matlab     a MATLAB data file (``.mat``): level 5's 128-byte header (``MATLAB 5.0 MAT-file``
           text, version 1 and ``IM``/``MI`` at bytes 124 to 127), level 7.3's (version 2,
           HDF5 at byte 512), or level 4's first matrix header (its type digits, sizes and
           a name ending in NUL) whose data fits the file
cbor       CBOR (RFC 8949): its self-describe tag ``d9 d9 f7``, or a map of text keys that
           decodes whole (the file, or its first item where the head holds no more)
msgpack    a stream of MessagePack maps (an app's cache, ``recent_patients.msgpack``): a
           map of 1 to 15 entries (or a ``map 16``) whose keys are texts, that decodes, and
           more of them to the file's end (or to the head's end, two at least)
protobuf   Protocol Buffers messages without their schema, by name and bytes: a name
           ending ``.preferences_pb`` (a Jetpack DataStore's), ``.pb``, ``.protobuf`` or
           ``.proto.bin``, and bytes that scan as one message, or a length-delimited
           stream of them, to the end (up to a field the head cuts); no other file
ebcdic     records in an EBCDIC code page (a mainframe data set: ``BVO.UITSLAG.D240513``,
           fixed-length records without line ends, variable-length ones behind their
           record descriptor words, or lines ended by EBCDIC's own line ends): most bytes
           EBCDIC letters, digits and spaces, few that ASCII text is made of (its space,
           tab and line feed, lower-case letters), and not UTF-8; or such records after
           their COBOL copybook's text (``01 NAME.`` and picture clauses)
bcp        a SQL Server ``bcp`` data file (``bcp ... out -n``, no magic: a migration's
           ``patient.dat``): texts behind their two-byte little-endian lengths, at least
           four and most of the head's texts; or a name ending ``.bcp`` or ``.native``
           (a character file ``-c``/``-w`` too), or ``.dat`` and binary (a native file
           of numbers and dates only); read with its format file beside it
redis-rdb  ``REDIS`` and four digits of its version (a Redis snapshot, ``dump.rdb``)
hprof      ``JAVA PROFILE 1.0.1``, ``1.0.2`` or ``1.0.3`` and a NUL (a Java heap dump)
lmdb       a meta page at byte 0 (page 0, its flags ``P_META``) whose magic is 0xBEEFC0DE
           and version 1 (an LMDB environment's ``data.mdb``)
warc       ``WARC/1.0``, ``WARC/1.1`` (a web archive: a crawl of a site)
git-pack   ``PACK``, version 2 or 3, an object count and (where it counts any) a first
           object's type (a git packfile: ``objects/pack/pack-<sha>.pack``)
hg-revlog  a Mercurial revlog's index (a name ending ``.i``: ``.hg/store/data/<path>.i``,
           ``00changelog.i``): RevlogNG's header (version 1, the inline and general-delta
           flags) and a first entry of 64 bytes: a full text (base revision 0), null
           parents, its chunk within the file where the data is inline
git-object
           a zlib stream (its header's two bytes) whose first inflated bytes are a git
           object's type and size, ``blob 1234\\0`` (``tree``, ``commit``, ``tag``): a
           loose object, ``objects/ab/cdef...``
plist      ``bplist00`` (a binary property list: an iPhone app's or a Mac's preferences), or
           an XML property list that is a keyed archive (``<plist`` and a ``$archiver`` key
           whose string ends ``KeyedArchiver``: an app's ``NSKeyedArchiver`` objects)
chrome-cache
           a Chrome Simple Cache entry (``Cache_Data/<16 hex>_0``): ``30 5c 72 a7 1b 6d fb fc``
           (the magic ``0xfcfb6d1ba7725c30``, little-endian)
pg-csvlog  PostgreSQL's csvlog (``postgresql-2024-05-12_000000.csv``): a first record of 22,
           23, 24 or 26 CSV fields, a time with its zone first, a severity (``LOG``,
           ``ERROR``...) in field 12 and a SQLSTATE of five characters in field 13
asciicast  an asciinema recording (``.cast``): a first line that is asciicast v2's or v3's
           header (a JSON object of ``version`` 2 or 3 with ``width`` or ``term``), or v1's
           object (``"version": 1`` and its ``"stdout": [``)
curl-trace text opening with curl's ``== Info:`` line or a block's title (``=> Send header,
           282 bytes (0x11a)``), a title among its first lines (``curl --trace-ascii``,
           ``--trace``)
chrome-blockfile
           a Chrome Blockfile cache's block file (``Cache/data_1``, ``data_2``, ``data_3``):
           ``c3 ca 04 c1`` (the magic ``0xC104CAC3``, little-endian)
typedstream
           ``04 0B streamtyped`` (or ``typedstream``): NSArchiver's archived objects (macOS
           Messages' ``message.attributedBody``)
mork       ``// <!-- <mdb:mork:z v="1.4"/> -->`` (a Mork database: Thunderbird's address
           book ``abook.mab``, a mail folder's summary ``.msf``, old Mozilla's history)
pcap       a packet capture's header: tcpdump's (``d4 c3 b2 a1`` and its other byte orders
           and nanosecond forms) or Wireshark's pcapng section header (``0a 0d 0d 0a``,
           its byte-order magic at byte 8)
journal-export
           a systemd journal export (``journalctl -o export``): ``__CURSOR=`` at the start
rdata      R's serialisation in XDR (``X\\n`` and version 2 or 3: ``saveRDS``'s ``.rds``
           once its compression is opened; ``RDX2``/``RDX3`` before it: ``save``'s
           ``.RData``)
mysql-binlog
           a MySQL or MariaDB binary log (``binlog.000217``): ``\\xfebin`` and a first
           event that is a format description of 19-byte event headers
kafka-log  an Apache Kafka log segment (``00000000000000004812.log``): a first record
           batch of message format 2 whose CRC-32C matches (or, where the head cuts it, a
           segment's name of 20 digits)
sequencefile
           a Hadoop SequenceFile (``part-m-00000``): ``SEQ``, a version 4 to 6 and a key
           class name of Java's letters
hive-text  lines of fields apart by Hive's ``\\x01`` (a Hive table's plain text file,
           ``000000_0``; a Sqoop import's ``part-m-00000``): four in five of the head's
           lines hold one, no NUL and few other control characters, UTF-8 (or few bytes
           beyond ASCII)
pg-dump    ``PGDMP`` and a format version 1.x (a PostgreSQL archive: ``pg_dump -Fc``, or a
           directory or tar archive's ``toc.dat``)
pg-copy    ``PGCOPY\\n\\377\\r\\n\\0`` (a PostgreSQL binary COPY file: ``COPY patient TO
           '/tmp/patient.copy' (FORMAT binary)``)
lotus      a Lotus 1-2-3 worksheet's ``BOF`` record (``00 00``, its length and a version:
           ``0x0404`` WKS, ``0x0405`` Symphony, ``0x0406`` WK1, ``0x1000`` WK3, ``0x1002``
           WK4) and a next record's type that is 1-2-3's (``.WK1``, ``.WKS``, ``.WK3``)
lnk        a Windows shortcut's header: its size ``4c 00 00 00`` and the ShellLink class id
recycle-bin a Windows Recycle Bin ``$I`` record: version 1 or 2 in eight bytes, a length
           that fits its layout and a path opening with a drive letter or ``\\\\``
brotli     a name ending ``.br`` (nginx's ``brotli_static``: ``openstaand.json.br``) and bytes
           that decompress cleanly as a Brotli stream (to its end, or through the head)
lz4        an LZ4 frame's magic ``04 22 4D 18`` (``.lz4``: the ``lz4`` command's, python-lz4's),
           or the legacy format's ``02 21 4C 18`` (``lz4 -l``), or lz4-java's ``LZ4Block``
           (Spark's compressed event logs)
snappy     snappy-java's stream header ``82 53 4E 41 50 50 59 00`` (Spark's compressed event
           logs, ``.snappy``), or the Snappy framing format's ``ff 06 00 00 sNaPpY`` (``.sz``)
mozlz4     ``mozLz40\\0`` (Mozilla's LZ4: Firefox's ``recovery.jsonlz4``, ``search.json.mozlz4``)
leveldb-log
           a LevelDB write-ahead log (``000003.log``: Chrome's Local Storage, IndexedDB):
           a first record, whole or a first fragment, whose CRC-32C checks
leveldb-table
           a LevelDB table (``.ldb``, ``.sst``): ``57 fb 80 8b 24 75 47 db`` at the end
java-ser   a Java serialisation stream: ``AC ED 00 05`` and a type code (``0x70`` to ``0x7e``:
           Tomcat's ``SESSIONS.ser``, an Ehcache disk cache, an app's ``*.ser``), also after
           a record's length (a JCS disk cache's ``.data``)
java-class ``CAFEBABE`` and a major version from 45 (JDK 1.1) to 100: a Java class file
           (``.class``, a ``.jar``'s members), not a Mach-O universal binary
pyc        a CPython bytecode cache (``.pyc``): the magic of Python 3.6 to 3.13 (a number and
           ``\\r\\n``), its header (3.7 on: flags 0, 1 or 3) and a marshalled code object
mp3        an ID3v2 tag's header (``ID3``, a version 2 to 4, a size of 7-bit bytes: an MP3's
           tags), or an MPEG audio frame's sync and an ID3v1 ``TAG`` in the last 128 bytes
wav        ``RIFF``, a size and ``WAVE`` (a WAV file: a dictation, a Broadcast WAV)
minidump   ``MDMP`` and a version whose low word is ``0xA793`` (a Windows minidump: a crashed
           application's ``.dmp`` as Windows Error Reporting writes it)
vim-swap   ``b0VIM`` and a space (``bcVIM``... where encrypted): a Vim swap file (``.x.txt.swp``)
npy        ``\\x93NUMPY`` and a format version 1, 2 or 3 (a NumPy array saved with
           ``numpy.save``: ``.npy``, an ``.npz``'s members)
pickle     a Python pickle: protocol 2 to 5's ``\\x80`` and version, or protocol 0 and
           1's opening (a dict, list, object or global), whose first instructions parse and
           (protocols 0 and 1) whose last byte is its ``.``
php-session
           a PHP session file (``sess_<id>``): a variable's name, ``|`` and a value in PHP's
           ``serialize`` format (``user|a:5:{...``), NUL bytes inside (an object's
           protected properties) or not
dicom      ``DICM`` after a 128-byte preamble (a DICOM file: an image, a structured report,
           a CD's ``DICOMDIR``)
dbf        a dBase table's header (its version, a date, its field list ending in ``0x0D``)
           whose records fill the file (``.dbf``, dBase III to Visual FoxPro)
image      PNG, JPEG, GIF, TIFF, BMP, WebP
hl7        text starting with an ``MSH|``, batch ``BHS|`` or file ``FHS|`` header (optionally
           after an MLLP ``\\x0b``); any field separator
edifact    text starting with ``UNA`` service string advice or ``UNB+``
eml        text starting with RFC 822 header lines including a typical mail header
emlx       Apple Mail's ``.emlx``: a line holding the message's length in bytes, then
           such a message
vcard      text starting with ``BEGIN:VCARD``
ics        text starting with ``BEGIN:VCALENDAR`` (iCalendar)
ldif       text starting (after ``#`` comments and a ``version: 1`` line) with an LDIF
           entry's ``dn:``
gedcom     text starting with a GEDCOM header, ``0 HEAD``
reg        text starting with a Windows registry export's header (``Windows Registry Editor
           Version 5.00``, ``REGEDIT4``)
sylk       text starting with a SYLK spreadsheet's ``ID;P`` record and holding a cell or
           format record placed by ``X``/``Y`` near its start (``.slk``, as Excel saves it)
turtle     text starting (after ``#`` comments) with a Turtle directive (``@prefix``,
           ``@base``, ``PREFIX x: <...>``) or an N-Triples/N-Quads triple line (``<s> <p>
           "o" .``): RDF (``.ttl``, ``.nt``; FHIR's RDF format)
cypher     text whose first statements (after ``//`` comments and cypher-shell's ``:begin``)
           are Neo4j Cypher that writes nodes: ``UNWIND [{`` ... ``AS row``, ``CREATE (``,
           ``MERGE (``, or APOC's ``CREATE CONSTRAINT`` on its ``UNIQUE IMPORT LABEL``
           (``.cypher``: ``apoc.export.cypher``'s scripts)
line-protocol
           text whose first point lines (after ``#`` comments and an export's DDL section)
           are InfluxDB line protocol, ``measurement,tag=value field=value 1715498704000000000``,
           with a timestamp or after an ``influx_inspect export`` header (``.lp``)
sentry-envelope
           a Sentry envelope (``.envelope``, Relay's spool): a first line that is a JSON
           object (``{}`` or with ``event_id``, ``dsn``, ``sent_at`` or ``sdk``) and a second
           that is an item header (a JSON object whose ``type`` is one of Sentry's items,
           and no key an item header does not have)
edit-history
           a command history that libedit saves (``.mysql_history``): its first line
           ``_HiStOrY_V2_``
w3c-log    a W3C extended log file (IIS's ``u_ex241012.log``): directive lines first
           (``#Software:``, ``#Version:``, ``#Date:``), among them a ``#Fields:`` line naming
           two fields or more
mysql-slow-log
           a MySQL or MariaDB slow query log: the server's start banner (``mysqld, Version:
           ... started with:``) or an entry's ``# Time:``/``# User@Host:`` line, with a
           ``# Query_time:`` line within its first lines
mt940      text whose first lines hold an MT940 statement's ``:20:``, ``:25:`` and
           ``:60F:``/``:60M:`` fields (a bank's statement export)
pdf-fields text starting (after ``---`` and ``#`` lines) with a form field's ``FieldType:``
           and ``FieldName:`` lines, as ``pdftk ... dump_data_fields`` writes them
dicom-dump text starting (after ``#`` comment lines) with two DICOM element lines as
           DCMTK's ``dcmdump`` prints them, ``(0010,0010) PN [JANSEN^P]  # 8, 1 PatientName``
epl        text of EPL2 commands (a label printer's job): an ``N`` line, then setup lines
           (``q``, ``Q``, ``S``, ``D``...) and at least one ``A`` text field with quoted
           data, before a ``P`` print line
zpl        text starting with a ZPL label's ``^XA`` (after ``~`` commands and
           ZebraDesigner's ``CT~~CD,~CC^~CT~``) that holds ``^FD``, ``^FV`` or ``^XZ``
uuencode   text whose first 8 KB hold a line ``begin <mode> <name>`` (``begin-base64 ...``)
           followed by a line that decodes as uuencode's or xxencode's (base64's), after a
           plain header or none (an EDI link's ``HA01081342_UITSL.UUE``); not an e-mail
tnef       ``78 9f 3e 22`` (an Outlook ``winmail.dat``)
cms        a CMS/PKCS #7 message (``smime.p7m``, ``.p7s``): a SEQUENCE whose first value is one
           of CMS's content types (``1.2.840.113549.1.7.1`` to ``.6``, S/MIME's
           compressed, authenticated and authenticated-enveloped data) and its ``[0]``, as
           DER or BER bytes, PEM (``-----BEGIN PKCS7-----``, ``-----BEGIN CMS-----``) or
           base64 whose first bytes open one
openpgp    an OpenPGP message: armoured (``-----BEGIN PGP MESSAGE-----``, ``PGP SIGNED
           MESSAGE``, ``PGP ARMORED FILE``), or binary: a first packet that is an encrypted
           session key, a one-pass signature, compressed data (that inflates to a packet)
           or literal data, its length and first bytes what the packet holds (``.gpg``)
sql        text with ``CREATE TABLE`` / ``INSERT INTO`` statements near the start
sqlldr     an Oracle SQL*Loader control file holding its records: ``LOAD DATA`` at a line's
           start (after comments and ``OPTIONS``), ``INTO TABLE`` and a ``BEGINDATA`` line
           in the head (``laad_*.ctl``; one that names its data file, ``INFILE 'x.dat'``,
           is text)
spark-eventlog
           an Apache Spark event log (a history server's ``application_1715400000000_0042``,
           ``eventlog_v2_*/events_1_*``): text whose first line opens a JSON object with a
           Spark listener's ``"Event"`` (``SparkListenerLogStart``)
ndjson     text whose lines are each one JSON object or array (at least two lines)
rtf        text starting with ``{\\rtf``
json       text starting with ``{`` or ``[`` as JSON does (a key, or a first value and a
           comma) that is not ndjson (nor RTF)
ocr-tsv    text whose first line is Tesseract's TSV header (``level\tpage_num\tblock_num``...)
svg        XML whose root is an ``svg`` element (a drawing: a dashboard's exported chart,
           an Inkscape or Illustrator file)
alto       XML whose root is ALTO's ``alto`` element (``www.loc.gov/standards/alto``: a
           scan's OCR words with their places)
spreadsheetml
           XML whose start holds Excel's ``<?mso-application progid="Excel.Sheet"?>`` or a
           ``Workbook`` element in ``urn:schemas-microsoft-com:office:spreadsheet`` (XML
           Spreadsheet 2003)
fods       XML whose root is an OpenDocument ``office:document`` of the spreadsheet type
           (``.fods``: LibreOffice's flat XML spreadsheet)
hl7-xml    XML whose start declares HL7 v2's XML namespace ``urn:hl7-org:v2xml`` (v2.xml)
wordml     XML whose start holds Word's ``<?mso-application progid="Word.Document"?>`` or a
           ``wordDocument`` element in Word 2003's WordprocessingML namespace
xml        text starting with an XML declaration or an element (after comments, processing
           instructions and a doctype) that is not HTML
html       text starting (after the same) with an HTML doctype, ``<html``, ``<head``,
           ``<body``, or one of HTML's own lower-case tags (a fragment: ``<p>``, ``<div>``)
fixed-records
           text of fixed-length records (a Vektis-style declaration, ``LB302_*.asc``):
           at least four lines, each opening with a record type of two digits, every line
           of a type the same length of 40 to 4096 characters, no tab, most lines padded
           with a run of spaces and holding a number (see :func:`fixed_record_types`)
tsv        text with a consistent count of tabs per line (after up to five leading
           ``#`` comment or title lines; not prose: short fields)
csv        the same with ``,``, ``;`` or ``|``
text       any other text (utf-8, utf-16 with BOM, cp1252): plain text, logs, HTML, XML
binary     anything else
unknown    the bytes could not be read (the manifest row says why)
=========  ===============================================================================

Entries that are not regular files are never opened; their manifest rows carry the kind
instead: ``symlink``, ``hardlink`` (archive members), ``fifo``, ``socket``, ``device``,
``directory`` (a directory that could not be listed).

Text detection looks at the first :data:`HEAD_BYTES` bytes only, so sniffing costs the
same for a 1 KB and a 100 GB file.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import Any, BinaryIO

import brotli

from breachscope.ingest.bcphead import BINARY_NAMES as BCP_BINARY_NAMES
from breachscope.ingest.bcphead import NAMES as BCP_NAMES
from breachscope.ingest.bcphead import is_bcp_native
from breachscope.ingest.cmshead import is_cms_der, is_cms_text
from breachscope.ingest.dbfheader import VERSIONS as DBF_VERSIONS
from breachscope.ingest.dbfheader import is_dbf
from breachscope.ingest.leveldbhead import TABLE_FOOTER, TABLE_MAGIC, crc32c, is_leveldb_log
from breachscope.ingest.lotushead import is_lotus
from breachscope.ingest.msgpackwire import MsgpackError, unpack
from breachscope.ingest.pgphead import is_openpgp_binary
from breachscope.ingest.protowire import is_protobuf
from breachscope.ingest.pychead import is_pyc
from breachscope.ingest.uulines import DecodeError, base64_line, is_xx, uu_line

_PROLOG = re.compile(
    r"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I
)
"""Declarations, processing instructions, comments and a doctype before the first element."""
_ELEMENT = re.compile(r"<[A-Za-z_][\w.\-]*(?::[\w.\-]+)?[\s/>]")
_HTML = re.compile(
    r"<(?i:html|head|body|!doctype\s+html)\b"
    r"|<(?:p|div|span|table|font|br|h[1-6]|b|i|u|a|ul|ol|meta|title|style)[\s/>]"
)
"""An HTML document, or a fragment that starts with one of HTML's own (lower-case) tags."""


class FileType(StrEnum):
    """Detected file types (values are the names stored in the manifest)."""

    EMPTY = "empty"
    PDF = "pdf"
    POSTSCRIPT = "postscript"
    PCL = "pcl"
    XLSX = "xlsx"
    DOCX = "docx"
    PPTX = "pptx"
    XPS = "xps"
    SAZ = "saz"
    ODS = "ods"
    ODT = "odt"
    ZIP = "zip"
    XLS = "xls"
    MSG = "msg"
    DOC = "doc"
    TAR = "tar"
    GZIP = "gzip"
    BZIP2 = "bzip2"
    XZ = "xz"
    ZSTD = "zstd"
    COMPRESS = "compress"
    LZIP = "lzip"
    LZOP = "lzop"
    SEVEN_Z = "7z"
    CAB = "cab"
    CPIO = "cpio"
    AR = "ar"
    ISO9660 = "iso9660"
    ANDROID_BACKUP = "android-backup"
    RAR = "rar"
    SQLITE = "sqlite"
    SQLITE_WAL = "sqlite-wal"
    DUCKDB = "duckdb"
    SPSS = "spss"
    STATA = "stata"
    SAS_XPORT = "sas-xport"
    PARQUET = "parquet"
    ARROW = "arrow"
    ORC = "orc"
    AVRO = "avro"
    BSON = "bson"
    PLIST = "plist"
    MORK = "mork"
    TYPEDSTREAM = "typedstream"
    CHROME_CACHE = "chrome-cache"
    CHROME_BLOCKFILE = "chrome-blockfile"
    CURL_TRACE = "curl-trace"
    ASCIICAST = "asciicast"
    PG_CSVLOG = "pg-csvlog"
    WARC = "warc"
    GIT_PACK = "git-pack"
    GIT_OBJECT = "git-object"
    HG_REVLOG = "hg-revlog"
    CBOR = "cbor"
    MSGPACK = "msgpack"
    PROTOBUF = "protobuf"
    EBCDIC = "ebcdic"
    BCP = "bcp"
    REDIS_RDB = "redis-rdb"
    HPROF = "hprof"
    LMDB = "lmdb"
    HDF5 = "hdf5"
    MATLAB = "matlab"
    DICOM = "dicom"
    PCAP = "pcap"
    PHP_SESSION = "php-session"
    RDATA = "rdata"
    PG_DUMP = "pg-dump"
    PG_COPY = "pg-copy"
    LOTUS = "lotus"
    SYLK = "sylk"
    SVG = "svg"
    TURTLE = "turtle"
    CYPHER = "cypher"
    LINE_PROTOCOL = "line-protocol"
    SENTRY_ENVELOPE = "sentry-envelope"
    MYSQL_SLOW_LOG = "mysql-slow-log"
    W3C_LOG = "w3c-log"
    EDIT_HISTORY = "edit-history"
    MYSQL_BINLOG = "mysql-binlog"
    KAFKA_LOG = "kafka-log"
    SEQUENCEFILE = "sequencefile"
    HIVE_TEXT = "hive-text"
    LNK = "lnk"
    RECYCLE_BIN = "recycle-bin"
    MOZLZ4 = "mozlz4"
    BROTLI = "brotli"
    LZ4 = "lz4"
    SNAPPY = "snappy"
    UUENCODE = "uuencode"
    LEVELDB_LOG = "leveldb-log"
    LEVELDB_TABLE = "leveldb-table"
    JAVA_SER = "java-ser"
    NPY = "npy"
    VIM_SWAP = "vim-swap"
    MINIDUMP = "minidump"
    MP3 = "mp3"
    WAV = "wav"
    PYC = "pyc"
    JAVA_CLASS = "java-class"
    PICKLE = "pickle"
    JOURNAL_EXPORT = "journal-export"
    DBF = "dbf"
    IMAGE = "image"
    HL7 = "hl7"
    EDIFACT = "edifact"
    EML = "eml"
    EMLX = "emlx"
    VCARD = "vcard"
    ICS = "ics"
    ZPL = "zpl"
    EPL = "epl"
    LDIF = "ldif"
    GEDCOM = "gedcom"
    MT940 = "mt940"
    REG = "reg"
    PDF_FIELDS = "pdf-fields"
    DICOM_DUMP = "dicom-dump"
    TYPED_RECORDS = "typed-records"
    FIXED_RECORDS = "fixed-records"
    TNEF = "tnef"
    CMS = "cms"
    OPENPGP = "openpgp"
    SQL = "sql"
    NDJSON = "ndjson"
    SPARK_EVENTLOG = "spark-eventlog"
    SQLLDR = "sqlldr"
    JSON = "json"
    XML = "xml"
    SPREADSHEETML = "spreadsheetml"
    WORDML = "wordml"
    HL7_XML = "hl7-xml"
    FODS = "fods"
    ALTO = "alto"
    OCR_TSV = "ocr-tsv"
    RTF = "rtf"
    HTML = "html"
    TSV = "tsv"
    CSV = "csv"
    TEXT = "text"
    BINARY = "binary"
    UNKNOWN = "unknown"
    SYMLINK = "symlink"
    HARDLINK = "hardlink"
    FIFO = "fifo"
    SOCKET = "socket"
    DEVICE = "device"
    DIRECTORY = "directory"


FILE_TYPES: tuple[str, ...] = tuple(t.value for t in FileType)
"""Every detected-type name, in a stable order."""

ARCHIVE_TYPES: frozenset[str] = frozenset(
    {"zip", "tar", "gzip", "bzip2", "xz", "zstd", "7z", "cab", "cpio", "ar", "iso9660"}
    | {"compress", "lzip", "lzop", "android-backup"}
)
"""Types the ingest stage opens itself (members become files of their own)."""

HEAD_BYTES = 64 * 1024
"""Bytes read from the start of a file for content sniffing."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC: tuple[tuple[bytes, FileType], ...] = (
    (b"PK\x03\x04", FileType.ZIP),
    (b"PK\x05\x06", FileType.ZIP),
    (_OLE_MAGIC, FileType.BINARY),  # refined by _sniff_ole
    (b"\x1f\x8b", FileType.GZIP),
    (b"\xfd7zXZ\x00", FileType.XZ),
    (b"\x28\xb5\x2f\xfd", FileType.ZSTD),
    (b"\x89LZO\x00\r\n\x1a\n", FileType.LZOP),
    (b"7z\xbc\xaf\x27\x1c", FileType.SEVEN_Z),
    (b"ANDROID BACKUP\n", FileType.ANDROID_BACKUP),
    (b"Rar!\x1a\x07", FileType.RAR),
    (b"SQLite format 3\x00", FileType.SQLITE),
    (b"$FL2", FileType.SPSS),
    (b"$FL3", FileType.SPSS),
    (b"<stata_dta>", FileType.STATA),
    (b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!", FileType.SAS_XPORT),
    (b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!", FileType.SAS_XPORT),
    (b"\x78\x9f\x3e\x22", FileType.TNEF),
    (b"Obj\x01", FileType.AVRO),
    (b"PGCOPY\n\xff\r\n\x00", FileType.PG_COPY),
    (b"bplist00", FileType.PLIST),
    (b"\x04\x0bstreamtyped", FileType.TYPEDSTREAM),
    (b"\x30\x5c\x72\xa7\x1b\x6d\xfb\xfc", FileType.CHROME_CACHE),
    (b"\xc3\xca\x04\xc1", FileType.CHROME_BLOCKFILE),
    (b"\x04\x0btypedstream", FileType.TYPEDSTREAM),
    (b"mozLz40\x00", FileType.MOZLZ4),
    (b"\x04\x22\x4d\x18", FileType.LZ4),
    (b"\x02\x21\x4c\x18", FileType.LZ4),
    (b"LZ4Block", FileType.LZ4),
    (b"\x82SNAPPY\x00", FileType.SNAPPY),
    (b"\xff\x06\x00\x00sNaPpY", FileType.SNAPPY),
    (b"WARC/1.0\r\n", FileType.WARC),
    (b"WARC/1.1\r\n", FileType.WARC),
    (b"WARC/1.0\n", FileType.WARC),
    (b"__CURSOR=s=", FileType.JOURNAL_EXPORT),
    (b"\xd4\xc3\xb2\xa1", FileType.PCAP),
    (b"\xa1\xb2\xc3\xd4", FileType.PCAP),
    (b"\x4d\x3c\xb2\xa1", FileType.PCAP),
    (b"\xa1\xb2\x3c\x4d", FileType.PCAP),
    (b"\x89PNG\r\n\x1a\n", FileType.IMAGE),
    (b"\xff\xd8\xff", FileType.IMAGE),
    (b"GIF87a", FileType.IMAGE),
    (b"GIF89a", FileType.IMAGE),
    (b"II*\x00", FileType.IMAGE),
    (b"MM\x00*", FileType.IMAGE),
)

_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "received",
        "message-id",
        "mime-version",
        "return-path",
        "delivered-to",
        "reply-to",
        "content-type",
        "x-mailer",
    }
)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,75}):[ \t]?")
_SQL = re.compile(
    r"^\s*(?:CREATE\s+(?:TEMPORARY\s+)?TABLE|INSERT\s+(?:IGNORE\s+)?INTO)\b"
    r"|^COPY\s+[\w.\"]+\s*\([^()\n]*\)\s+FROM\s+stdin;",
    re.IGNORECASE | re.MULTILINE,
)
"""A dump's table statement; a ``COPY ... FROM stdin;`` too (a data-only ``pg_dump -a``)."""
_SQLLDR = re.compile(
    r"(?:--[^\n]*\n\s*|OPTIONS\s*\([^)]*\)\s*)*(?:(?:UN)?RECOVERABLE\s+)?"
    r"(?:LOAD|CONTINUE_LOAD)(?:\s+DATA)?\b",
    re.IGNORECASE,
)
"""A SQL*Loader control file's start: comments, ``OPTIONS (...)``, then ``LOAD DATA``."""
_SQLLDR_DATA = re.compile(r"(?im)^[ \t]*BEGINDATA[ \t]*\r?$")


def opens_control(text: str) -> bool:
    """Whether ``text`` opens as a SQL*Loader control file (:data:`_SQLLDR`, after blanks
    and a byte order mark)."""
    return _SQLLDR.match(text.lstrip("\ufeff \t\r\n")) is not None


def is_sqlldr(text: str) -> bool:
    """Whether ``text`` (opening as a control file does, :data:`_SQLLDR`) holds an
    ``INTO TABLE`` clause and, after it, a ``BEGINDATA`` line: records of its own."""
    into = re.search(r"(?i)\bINTO\s+TABLE\b", text)
    return into is not None and _SQLLDR_DATA.search(text, into.end()) is not None


_ZPL = re.compile(r"(?:CT~~CD,~CC\^~CT~\s*)?(?:~[A-Z]{2}[^^~\r\n]*\s*){0,16}\^XA", re.I)
"""A ZPL label file's start: its first label's ``^XA`` after printer commands."""
_LDIF = re.compile(
    r"(?:#[^\n]*\n|[ \t]*\r?\n)*(?:version:[ \t]*1[ \t]*\r?\n(?:#[^\n]*\n|[ \t]*\r?\n)*)?"
    r"dn::?[ \t]",
    re.IGNORECASE,
)
"""An LDIF file's start: its first entry's ``dn:`` after comments and its version."""
REG_HEADERS = ("Windows Registry Editor Version 5.00", "REGEDIT4")
"""A registry export's first line (Windows 2000 on, and Windows 95 and NT 4)."""
_MT940_FIELDS = re.compile(r"(?m)^:(20|25|60)[FM]?:")


def _is_mt940(text: str) -> bool:
    """Whether ``text`` opens an MT940 statement: its ``:20:`` reference, ``:25:`` account
    and ``:60F:`` or ``:60M:`` opening balance among its first lines (after a bank's
    header lines, ABN AMRO's ``ABNANL2A``/``940``, or a SWIFT envelope's ``{1:...}``)."""
    head = text[:4096]
    return {"20", "25", "60"} <= {m[1] for m in _MT940_FIELDS.finditer(head)}


_GEDCOM = re.compile(r"0[ \t]+HEAD[ \t]*\r?\n[ \t]*1[ \t]+[A-Z]")
"""A GEDCOM file's start: its header record, and a line of it."""
_PDF_FIELDS = re.compile(r"(?:(?:---|#[^\n]*)?[ \t]*\r?\n)*FieldType:[ ][^\r\n]*\r?\nFieldName:[ ]")
"""A pdftk field dump's start: its first field's ``FieldType:`` and ``FieldName:`` lines,
after the ``---`` that opens each field and comments."""
_DICOM_DUMP = re.compile(
    r"(?:#[^\n]*)?(?:\r?\n(?:#[^\n]*|[ \t]*))*\r?\n?"
    r"\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\)[ ][A-Z]{2}[ ][^\n]*#[^\n]*,[^\n]*\w\r?\n"
    r"\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\)[ ][A-Z]{2}[ ]"
)
"""A dcmdump's start: after its ``#`` comment lines, two DICOM element lines (``(0002,0000)
UL 198  #   4, 1 FileMetaInformationGroupLength``)."""
_ZPL_FIELD = re.compile(r"\^(?:FD|FV|XZ)", re.I)
_EPL = re.compile(
    r"N\r?\n(?:[qQSDZROIJ][^\r\n]*\r?\n|[ABbLXG]\d+,\d+,[^\r\n]*\r?\n){0,40}?"
    r'A\d+,\d+,\d,[^\r\n,]+(?:,[^\r\n,]*){3},"[^\r\n]*"\r?\n'
)
"""An EPL2 job's first label: ``N``, setup lines, and a text field (``A20,40,0,4,1,1,N,"..."``)."""
_HL7 = re.compile(r"(?:MSH|BHS|FHS)([^\w\s])")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f]")
"""Control characters that text files do not hold (tab, line breaks, form feed, vertical
tab, SUB and ESC excepted)."""
_DELIMITERS = {",": FileType.CSV, ";": FileType.CSV, "|": FileType.CSV, "\t": FileType.TSV}
SNIFF_LINES = 50
"""Non-blank lines (after the preamble) whose delimiter counts must agree."""
MAX_PREAMBLE = 5
"""Leading comment (``#``) or title lines skipped before a table."""
PROSE_WORDS = 4.0
"""Mean words per field from which delimited lines are read as prose."""


def sniff(fh: BinaryIO, name: str = "") -> FileType:
    """Detect the type of the seekable file ``fh`` (``name`` only breaks text ties, and
    tells a file of Protocol Buffers messages, which has no magic)."""
    fh.seek(0)
    head = fh.read(HEAD_BYTES)
    if not head:
        return FileType.EMPTY
    for magic, ftype in _MAGIC:
        if head.startswith(magic):
            if ftype is FileType.ZIP:
                return _sniff_zip(fh, name)
            if magic == _OLE_MAGIC:
                return _sniff_ole(fh)
            return ftype
    if head[:1] == b"\x30" and is_cms_der(head):
        return FileType.CMS
    if is_ar(head):
        return FileType.AR
    if is_iso9660(head):
        return FileType.ISO9660
    if head[:2] == b"\x1f\x9d" and len(head) > 2 and 9 <= head[2] & 0x1F <= 16:
        return FileType.COMPRESS
    if head[:5] == b"LZIP\x01" and len(head) > 5 and 12 <= head[5] & 0x1F <= 29:
        return FileType.LZIP
    if is_sqlite_wal(head):
        return FileType.SQLITE_WAL
    if is_cabinet(head):
        return FileType.CAB
    if is_duckdb(head):
        return FileType.DUCKDB
    if name.lower().endswith(".br") and is_brotli(head, len(head) < HEAD_BYTES):
        return FileType.BROTLI
    if head.startswith(b"PACK") and is_git_pack(head, _size(fh)):
        return FileType.GIT_PACK
    if is_git_object(head):
        return FileType.GIT_OBJECT
    if name.endswith(".i") and is_revlog(head, _size(fh)):
        return FileType.HG_REVLOG
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90"):
        return FileType.BZIP2
    if b"%PDF-" in head[:1024]:
        return FileType.PDF
    if head.lstrip(b"\x04").startswith(b"%!PS"):
        return FileType.POSTSCRIPT
    if is_pcl(head):
        return FileType.PCL
    if head[128:132] == b"DICM":
        return FileType.DICOM
    if head[:4] == b"\x0a\x0d\x0d\x0a" and head[8:12] in (b"\x4d\x3c\x2b\x1a", b"\x1a\x2b\x3c\x4d"):
        return FileType.PCAP
    if head.startswith(b"BM") and len(head) > 26 and head[14] in (12, 40, 56, 108, 124):
        return FileType.IMAGE
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return FileType.IMAGE
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return FileType.WAV
    if is_mp3(fh, head):
        return FileType.MP3
    if is_tar_header(head):
        return FileType.TAR
    if is_cpio(head):
        return FileType.CPIO
    if head.startswith(b"PAR1") and _ends_with(fh, b"PAR1"):
        return FileType.PARQUET
    if head.startswith(b"ARROW1") and _ends_with(fh, b"ARROW1"):
        return FileType.ARROW
    if head.startswith(b"ORC") and _orc_tail(fh):
        return FileType.ORC
    if _old_stata(head):
        return FileType.STATA
    if head[:1] and head[0] in DBF_VERSIONS and is_dbf(head, _size(fh)):
        return FileType.DBF
    if is_class_file(head):
        return FileType.JAVA_CLASS
    if is_pyc(head):
        return FileType.PYC
    if head.startswith(b"MDMP\x93\xa7"):
        return FileType.MINIDUMP
    if head[:1] == b"b" and head[1:2] in (b"0", b"c", b"C", b"d", b"e") and head[2:6] == b"VIM ":
        return FileType.VIM_SWAP
    if head.startswith(b"\x93NUMPY") and len(head) >= 10 and head[6] in (1, 2, 3):
        return FileType.NPY
    if head.startswith(b"REDIS") and head[5:9].isdigit() and len(head) >= 9:
        return FileType.REDIS_RDB
    if head.startswith((b"JAVA PROFILE 1.0.1\0", b"JAVA PROFILE 1.0.2\0", b"JAVA PROFILE 1.0.3\0")):
        return FileType.HPROF
    if head[:8] == bytes(8) and head[10:12] == b"\x08\x00" and head[16:20] == b"\xde\xc0\xef\xbe":
        return FileType.LMDB
    if is_java_ser(head, _size(fh)):
        return FileType.JAVA_SER
    if is_protobuf(head, len(head) < HEAD_BYTES, name):
        return FileType.PROTOBUF
    if is_bson(head, _size(fh)):
        return FileType.BSON
    if is_pg_dump(head):
        return FileType.PG_DUMP
    if is_mysql_binlog(head):
        return FileType.MYSQL_BINLOG
    if _SEQUENCEFILE.match(head):
        return FileType.SEQUENCEFILE
    if head.startswith(LNK_HEADER):
        return FileType.LNK
    if is_recycle_record(head, _size(fh)):
        return FileType.RECYCLE_BIN
    if is_leveldb_log(head):
        return FileType.LEVELDB_LOG
    if is_kafka_log(head, name):
        return FileType.KAFKA_LOG
    if len(head) >= TABLE_FOOTER and _ends_with(fh, TABLE_MAGIC):
        return FileType.LEVELDB_TABLE
    if head.startswith((b"X\n\0\0\0\x02", b"X\n\0\0\0\x03", b"RDX2\nX\n", b"RDX3\nX\n")):
        return FileType.RDATA
    if mat_level(head) is not None or is_mat4(head, _size(fh)):
        return FileType.MATLAB
    if hdf5_offset(head) is not None:
        return FileType.HDF5
    if head[0] & 0x80 and is_openpgp_binary(head, len(head) < HEAD_BYTES):
        return FileType.OPENPGP
    if is_cbor(head, len(head) < HEAD_BYTES):
        return FileType.CBOR
    if is_msgpack(head, len(head) < HEAD_BYTES):
        return FileType.MSGPACK
    if is_pickle(head, len(head) < HEAD_BYTES) and (head[0] == 0x80 or _ends_with(fh, b".")):
        return FileType.PICKLE
    if PHP_SESSION_START.match(head) and _PHP_SERIALISED.search(head):
        return FileType.PHP_SESSION
    if head[:2] == b"\x00\x00" and is_lotus(head):
        return FileType.LOTUS
    if is_ebcdic(head) or copybook_data_start(head) is not None:
        return FileType.EBCDIC
    if is_hive_text(head, len(head) < HEAD_BYTES):
        return FileType.HIVE_TEXT
    if name.lower().endswith(BCP_NAMES) or is_bcp_native(head):
        return FileType.BCP
    text = decode_head(head)
    if text is None:
        return FileType.BCP if name.lower().endswith(BCP_BINARY_NAMES) else FileType.BINARY
    return sniff_text(text, name, complete=len(head) < HEAD_BYTES)


BROTLI_SNIFF_OUTPUT = 1024 * 1024
"""Decompressed bytes a Brotli file's head is read into at most while it is sniffed."""


def is_brotli(head: bytes, complete: bool) -> bool:
    """Whether ``head`` decompresses cleanly as a Brotli stream (it has no magic: the
    sniffer asks this of a file named ``*.br`` only): to the stream's end and no further
    where ``head`` is the whole file, else without an error through the head (or up to
    :data:`BROTLI_SNIFF_OUTPUT` decompressed bytes); something must decompress."""
    decoder = brotli.Decompressor()
    try:
        out = decoder.process(head, output_buffer_limit=BROTLI_SNIFF_OUTPUT)
    except brotli.error:
        return False
    if not decoder.can_accept_more_data():
        return bool(out)  # (the head decompresses past the bound: no error so far)
    return bool(out) and (decoder.is_finished() or not complete)


PHP_SESSION_START = re.compile(rb"[A-Za-z_][A-Za-z0-9_\-]{0,63}\|(?:[sidbaOCE]:|N;)")
"""What a PHP session file opens with: a variable's name, ``|`` and a serialised value."""
_PHP_SERIALISED = re.compile(rb'(?:s:\d{1,9}:"|a:\d{1,9}:\{|i:-?\d{1,20};|O:\d{1,4}:")')
"""A value of PHP's ``serialize`` format."""
_BSON_TYPES = frozenset([*range(1, 20), 0x7F, 0xFF])
"""The element types of BSON (double to decimal128, max key, min key)."""
_BSON_KEY = 64
"""Longest first key looked for in a BSON document's head."""


JAVA_STREAM = b"\xac\xed\x00\x05"
"""A Java serialisation stream's header (``STREAM_MAGIC``, ``STREAM_VERSION``)."""


def is_java_ser(head: bytes, size: int) -> bool:
    """Whether ``head`` opens a Java serialisation stream: its header and a type code
    (``TC_NULL`` to ``TC_ENUM``); or a JCS disk cache's first record: its length
    (big-endian, within the file) and such a stream."""
    if head[4:8] == JAVA_STREAM and len(head) > 8 and 0x70 <= head[8] <= 0x7E:
        length = int.from_bytes(head[:4], "big")
        return length > 4 and (size < 0 or length + 4 <= size)
    return head.startswith(JAVA_STREAM) and len(head) > 4 and 0x70 <= head[4] <= 0x7E


def is_sqlite_wal(head: bytes) -> bool:
    """Whether ``head`` opens a SQLite write-ahead log: its magic, format 3007000 and a page
    size that is a power of two from 512 to 65536 (1 for 65536)."""
    if len(head) < 32 or head[:4] not in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83"):
        return False
    version, page_size = struct.unpack_from(">II", head, 4)
    power = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
    return bool(version == 3007000 and (power or page_size == 1))


def is_duckdb(head: bytes) -> bool:
    """Whether ``head`` opens a DuckDB database file: its main header's ``DUCK`` at byte 8,
    a storage version below 2**32 after it, and the header's whole block (4096 bytes)."""
    return len(head) >= 4096 and head[8:12] == b"DUCK" and head[16:20] == b"\0\0\0\0"


def is_mysql_binlog(head: bytes) -> bool:
    """Whether ``head`` opens a MySQL or MariaDB binary log: ``\\xfebin`` and a first
    event, a format description (type 15), of binlog version 4 and 19-byte headers."""
    return (
        head.startswith(b"\xfebin")
        and len(head) >= 4 + 19 + 57
        and head[8] == 15
        and head[23:25] == b"\x04\x00"
        and head[4 + 19 + 56] == 19
    )


_SEQUENCEFILE = re.compile(rb"SEQ[\x04-\x06][\x05-\x7f][A-Za-z_$][\w$]*\.[\w$.]+")
"""A Hadoop SequenceFile's opening: ``SEQ``, its version and its key's class name."""
_KAFKA_SEGMENT = re.compile(r"(?:^|/)\d{20}\.log$")
HIVE_FIELD = b"\x01"
"""Hive's field separator in a text table (``LazySimpleSerDe``'s first separator)."""
_HIVE_NOISE = re.compile(rb"[\x00\x0e-\x1a\x1c-\x1f\x7f]")
"""Control characters a Hive text table does not hold (its separators are ``\\x01`` to
``\\x08``)."""
HIVE_SHARE = 0.8
"""Share of a Hive text table's lines that hold its field separator."""


def is_hive_text(head: bytes, complete: bool) -> bool:
    """Whether ``head`` opens a Hive table's plain text file: lines (``\\n`` apart, the
    last one left out where the head cuts it) of which :data:`HIVE_SHARE` hold Hive's
    field separator ``\\x01``, no NUL, at most one byte in a hundred another control
    character that text does not hold, and UTF-8 (a character cut at the end allowed), or
    at most one byte in ten beyond ASCII. A text with a stray ``\\x01`` in a few lines, and
    random bytes, are none."""
    if HIVE_FIELD not in head or b"\0" in head:
        return False
    lines = head.split(b"\n")
    if not complete:
        lines.pop()
    rows = [line for line in lines if line.strip(b"\r")]
    if not rows or sum(HIVE_FIELD in row for row in rows) < HIVE_SHARE * len(rows):
        return False
    if len(_HIVE_NOISE.findall(head)) * 100 > len(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = not complete and exc.start >= len(head) - 3
        return cut or sum(b >= 0x80 for b in head) * 10 <= len(head)
    return True


def is_kafka_log(head: bytes, name: str) -> bool:
    """Whether ``head`` opens an Apache Kafka log segment: a first record batch of message
    format 2 (its length at least the fixed fields', a non-negative offset) whose CRC-32C
    over its attributes and records matches, or, where the head cuts the batch, a file
    named as a segment is (20 digits and ``.log``)."""
    if len(head) < 61 or head[16] != 2 or head[0] & 0x80:
        return False
    length = int.from_bytes(head[8:12], "big", signed=True)
    if length < 49:
        return False
    if 12 + length <= len(head):
        return crc32c(head[21 : 12 + length]) == int.from_bytes(head[17:21], "big")
    return bool(_KAFKA_SEGMENT.search(name))


def is_mp3(fh: BinaryIO, head: bytes) -> bool:
    """Whether ``head`` opens an ID3v2 tag (``ID3``, a major version 2 to 4, a revision,
    flags and four 7-bit bytes of size), or an MPEG audio frame's sync (eleven bits set,
    a layer) whose file ends in an ID3v1 tag (``TAG`` 128 bytes from its end)."""
    if head.startswith(b"ID3") and len(head) >= 10:
        return head[3] in (2, 3, 4) and head[4] != 0xFF and all(b < 0x80 for b in head[6:10])
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0 or not head[1] & 0x06:
        return False
    size = _size(fh)
    if size < 256:
        return False
    fh.seek(size - 128)
    tail = fh.read(3)
    fh.seek(0)
    return tail == b"TAG"


def is_class_file(head: bytes) -> bool:
    """Whether ``head`` opens a Java class file: ``CAFEBABE``, a major version of a JDK's
    (45 to 100; a Mach-O universal binary's next four bytes are a small count) and a
    constant pool."""
    if len(head) < 10 or not head.startswith(b"\xca\xfe\xba\xbe"):
        return False
    return 45 <= int.from_bytes(head[6:8], "big") <= 100 and head[8:10] != b"\0\0"


def is_pg_dump(head: bytes) -> bool:
    """Whether ``head`` opens a ``pg_dump`` archive: ``PGDMP``, a format version 1.x,
    integers and offsets of 1 to 16 bytes and the custom, tar or directory format."""
    return (
        head.startswith(b"PGDMP")
        and len(head) >= 11
        and head[5] == 1
        and 1 <= head[8] <= 16
        and 1 <= head[9] <= 16
        and head[10] in (1, 3, 5)
    )


LNK_HEADER = b"\x4c\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46"
"""A Windows shortcut's first bytes: its header's size and the ShellLink class id."""
RECYCLE_V1_SIZE = 24 + 520
"""A version 1 Recycle Bin record's size: its header and a path of 260 UTF-16 characters."""


def is_recycle_record(head: bytes, size: int) -> bool:
    """Whether a file of ``size`` bytes opening with ``head`` is a Recycle Bin ``$I``
    record: version 1 and 544 bytes, or version 2 and as long as its path's length says,
    its path opening with a drive letter or ``\\\\``."""
    if len(head) < 32 or head[1:8] != bytes(7) or head[0] not in (1, 2):
        return False
    if head[0] == 1:
        start, fits = 24, size == RECYCLE_V1_SIZE
    else:
        start, fits = 28, size == 28 + 2 * int.from_bytes(head[24:28], "little")
    opening = head[start : start + 4]
    drive = opening[1:2] == b"\0" and opening[2:4] == b":\0" and chr(opening[0]).isalpha()
    return fits and (drive or opening == b"\\\0\\\0")


_GIT_KINDS = frozenset({1, 2, 3, 4, 6, 7})
"""A git pack's object types (commit, tree, blob, tag and its two deltas)."""
_GIT_OBJECT_HEAD = re.compile(rb"(?:blob|tree|commit|tag) (?:0|[1-9][0-9]{0,19})\x00")


def is_git_pack(head: bytes, size: int) -> bool:
    """Whether ``head`` opens a git pack: ``PACK``, version 2 or 3, and an object count
    that is 0 in a pack of nothing but its header and checksum (32 bytes), else whose
    first object's header names one of git's types."""
    if len(head) < 12 or head[4:8] not in (b"\0\0\0\x02", b"\0\0\0\x03"):
        return False
    if head[8:12] == b"\0\0\0\0":
        return size == 32
    return len(head) > 12 and (head[12] >> 4) & 7 in _GIT_KINDS


def is_git_object(head: bytes) -> bool:
    """Whether ``head`` opens a loose git object: a zlib header (deflate, a window of at
    most 32 KiB, no preset dictionary, its check bits right) and, inflated, the object's
    type and size (only its first bytes are inflated)."""
    if len(head) < 8 or head[0] & 0x0F != 8 or head[0] >> 4 > 7 or head[1] & 0x20:
        return False
    if (head[0] << 8 | head[1]) % 31:
        return False
    try:
        start = zlib.decompressobj().decompress(head[:4096], 32)
    except zlib.error:
        return False
    return _GIT_OBJECT_HEAD.match(start) is not None


HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


def hdf5_offset(head: bytes) -> int | None:
    """Where HDF5's signature lies in ``head``: byte 0, or 512, 1024, 2048... (after a
    user block, as MATLAB 7.3 writes one); None where it is not found."""
    offset = 0
    while offset + len(HDF5_SIGNATURE) <= len(head):
        if head[offset : offset + len(HDF5_SIGNATURE)] == HDF5_SIGNATURE:
            return offset
        offset = 512 if offset == 0 else offset * 2
    return None


def mat_level(head: bytes) -> int | None:
    """A MATLAB file's level from its 128-byte header: 5 (MATLAB 5 to 7: version 1), 73
    (7.3: version 2, HDF5 at byte 512), or None; the version is read in the byte order
    its ``IM``/``MI`` says."""
    if len(head) < 128 or not head.startswith(b"MATLAB") or head[126:128] not in (b"IM", b"MI"):
        return None
    version = head[124:126] if head[126:128] == b"IM" else head[124:126][::-1]
    if version == b"\x00\x01":
        return 5
    if version == b"\x00\x02" and hdf5_offset(head) == 512:
        return 73
    return None


_MAT4_SIZES = {0: 8, 1: 4, 2: 4, 3: 2, 4: 2, 5: 1}
"""Bytes of a level 4 matrix element by its type's P digit (double, single, int32,
int16, uint16, uint8)."""


def is_mat4(head: bytes, size: int) -> bool:
    """Whether ``head`` opens a MATLAB level 4 file: a matrix header (type ``MOPT`` as
    digits, M 0 or 1 the byte order, O 0, P a number type, T 0 full, 1 text or 2 sparse;
    rows, columns, a 0/1 imaginary flag and a name length of 2 to 64) whose name is a
    MATLAB name ending in NUL and whose data fits the file."""
    if len(head) < 22:
        return False
    for order in ("<", ">"):
        mopt, rows, cols, imag, namelen = struct.unpack_from(f"{order}5i", head)
        if not 0 <= mopt < 5000:
            continue
        m, o, p, t = mopt // 1000, mopt // 100 % 10, mopt // 10 % 10, mopt % 10
        if (m, order) not in ((0, "<"), (1, ">")) or o != 0 or p not in _MAT4_SIZES or t > 2:
            continue
        if rows < 0 or cols < 0 or imag not in (0, 1) or not 2 <= namelen <= 64:
            continue
        name = head[20 : 20 + namelen]
        if len(name) < namelen or not re.fullmatch(rb"[A-Za-z]\w*\x00", name):
            continue
        data = rows * cols * _MAT4_SIZES[p] * (1 + imag)
        return bool(20 + namelen + data <= size)
    return False


def cbor_untagged(*args: Any) -> Any:
    """A CBOR tag cbor2 does not know: its value (cbor2 5 calls the hook with the decoder
    and the tag, cbor2 6 with the tag and whether it must be immutable)."""
    import cbor2

    return next(a for a in args if isinstance(a, cbor2.CBORTag)).value


def is_cbor(head: bytes, complete: bool) -> bool:
    """Whether ``head`` (the whole file when ``complete``) opens CBOR: its self-describe
    tag, or a map of 1 to 23 entries (or of indefinite length) whose keys are texts and
    that decodes: with the items after it to the file's end where the head is the file
    (a sequence), alone where it is cut."""
    if head.startswith(b"\xd9\xd9\xf7"):
        return True
    if not head or not (0xA1 <= head[0] <= 0xB7 or head[0] == 0xBF):
        return False
    import cbor2

    stream = io.BytesIO(head)
    decoder = cbor2.CBORDecoder(stream, tag_hook=cbor_untagged)
    try:
        while True:
            item = decoder.decode()
            if not isinstance(item, dict) or not item or not all(isinstance(k, str) for k in item):
                return False
            if not complete or stream.tell() >= len(head):
                return True
    except Exception:  # (CBORDecodeError and others: no CBOR)
        return False


_PCL_START = re.compile(rb"\x1bE\x1b[\x21-\x2f][\x60-\x7e]?[+-]?[\d.]*[\x40-\x7e]")
"""A PCL job's reset and the parameterised escape after it (``ESC E ESC &l26A``)."""


def is_pcl(head: bytes) -> bool:
    """Whether ``head`` opens a PCL print job: the universal exit and PJL (a PostScript
    job's PJL enters another language), or PCL's reset and another escape."""
    if head.startswith(b"\x1b%-12345X@PJL"):
        entry = re.search(rb"@PJL ENTER LANGUAGE\s*=\s*(\w+)", head[:8192], re.IGNORECASE)
        return entry is None or entry[1].upper().startswith(b"PCL")
    return _PCL_START.match(head) is not None


def is_msgpack(head: bytes, complete: bool) -> bool:
    """Whether ``head`` (the whole file when ``complete``) opens a stream of MessagePack
    maps whose keys are texts of printable characters, letters among them: all of it
    where it is the file, at least two maps before the head's cut where it is not."""
    if not head or not (0x81 <= head[0] <= 0x8F or head[0] == 0xDE):
        return False
    pos = count = 0
    while pos < len(head):
        if not (0x81 <= head[pos] <= 0x8F or head[pos] == 0xDE):
            return False
        try:
            item, pos = unpack(head, pos, 0)
        except (MsgpackError, struct.error, UnicodeDecodeError, RecursionError):
            return not complete and count >= 2
        if (
            not isinstance(item, dict)
            or not all(k.isprintable() and k for k in item)
            or not any(c.isalpha() for k in item for c in k)
        ):
            return False
        count += 1
    return True


def _ebcdic_classes() -> bytes:
    """A translation table of every byte to its class in EBCDIC data: ``S`` the space
    (``0x40``), ``L`` a letter, ``D`` a digit, ``P`` common punctuation, ``A`` a byte that
    ASCII text is made of and EBCDIC text hardly holds (ASCII's space, tab and line feed,
    most of its lower-case letters), ``o`` any other (a control, a packed number's byte).
    Letters, digits and the space sit at the same bytes in every Latin EBCDIC code page
    (037, 500, 1140, 273, 1148); only national characters and some punctuation move."""
    table = bytearray(b"o" * 256)
    for lo, hi, cls in (
        (0x81, 0x89, b"L"), (0x91, 0x99, b"L"), (0xA2, 0xA9, b"L"),
        (0xC1, 0xC9, b"L"), (0xD1, 0xD9, b"L"), (0xE2, 0xE9, b"L"),
        (0xF0, 0xF9, b"D"), (0x4B, 0x50, b"P"), (0x5A, 0x61, b"P"),
        (0x6B, 0x6F, b"P"), (0x7A, 0x7F, b"P"), (0x62, 0x6A, b"A"), (0x70, 0x79, b"A"),
    ):  # fmt: skip
        table[lo : hi + 1] = cls * (hi - lo + 1)
    table[0x40] = ord("S")
    for byte in (0x09, 0x0A, 0x20):
        table[byte] = ord("A")
    return bytes(table)


EBCDIC_CLASSES = _ebcdic_classes()
"""Each byte's class in EBCDIC data (see :func:`_ebcdic_classes`)."""
EBCDIC_MIN_BYTES = 32
"""Fewest bytes sniffed as EBCDIC data."""


def is_ebcdic(head: bytes) -> bool:
    """Whether ``head`` opens EBCDIC records: at least 60% of its bytes EBCDIC letters,
    digits and spaces (70% with punctuation: the rest may be packed numbers, binary
    fields, record descriptor words), letters and digits at least 30% of the bytes that
    are no space, letters at least 1% of all, at most 2% of the bytes that
    ASCII text is made of, and not UTF-8 (EBCDIC's letters are UTF-8's lead and
    continuation bytes out of order). Random or compressed bytes hold about 25% of the
    first kinds, UTF-16 half NULs, text in any ASCII-based code page its spaces and line
    ends; none is claimed."""
    n = len(head)
    if n < EBCDIC_MIN_BYTES:
        return False
    classes = head.translate(EBCDIC_CLASSES)
    spaces, letters = classes.count(b"S"), classes.count(b"L")
    words = letters + classes.count(b"D")
    if spaces + words < 0.6 * n or spaces + words + classes.count(b"P") < 0.7 * n:
        return False
    if letters < 0.01 * n or words < 0.3 * (n - spaces) or classes.count(b"A") > 0.02 * n:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < n - 3  # (a character cut at the end of a UTF-8 head)
    return False


_COPYBOOK_NAME = re.compile(rb"[A-Za-z0-9][A-Za-z0-9-]{0,29}\.?")
"""A COBOL data name, and the period that may end its statement."""
COPYBOOK_LINES = 200
"""Lines looked through for a copybook's ``01`` (blank and comment lines above it)."""


def _copybook_opens(head: bytes) -> bool:
    """Whether ``head`` opens a COBOL copybook: after blank and comment lines (``*``, a
    sequence number before it too), its record's ``01 NAME.``."""
    for line in head[: 80 * COPYBOOK_LINES].split(b"\n")[:COPYBOOK_LINES]:
        words = line.split()
        if words and len(words[0]) >= 6 and words[0][:6].isdigit():
            rest = words[0][6:]  # (a sequence number, a comment's * glued to it)
            words = [rest, *words[1:]] if rest else words[1:]
        if not words or words[0].startswith(b"*"):
            continue
        if len(words) < 2 or words[0] not in (b"01", b"1"):
            return False
        name = _COPYBOOK_NAME.fullmatch(words[1])
        return name is not None and (words[1].endswith(b".") or words[2:3] == [b"."])
    return False


_PICTURE = re.compile(rb"\sPIC(?:TURE)?\s", re.IGNORECASE)


def copybook_data_start(head: bytes) -> int | None:
    """Where the data set starts in ``head`` that opens with its COBOL copybook (the
    layout's text, then the records in EBCDIC: a transfer that put them in one file):
    the first line (to an ``0x0A`` byte) that holds more than four bytes that are no
    ASCII text (EBCDIC's letters and digits are all above ``0x80``; its space is ASCII's
    ``@``), after a copybook opening and a picture clause, where :func:`is_ebcdic` holds
    from there; else None."""
    if not _copybook_opens(head):
        return None
    pos = 0
    while pos < len(head):
        end = head.find(b"\n", pos)
        end = len(head) if end < 0 else end + 1
        line = head[pos:end]
        if sum(1 for b in line if b >= 0x7F or (b < 0x20 and b not in (9, 10, 12, 13))) > 4:
            break
        pos = end
    if pos >= len(head) or not _PICTURE.search(head, 0, pos):
        return None
    return pos if is_ebcdic(head[pos:]) else None


_PICKLE_OPENING = re.compile(rb"\x80[\x02-\x05]|\((?:dp|lp|i\w)|[}\]]q\x00|c\w[\w.]*\n\w+\n")
"""How a pickle opens: protocol 2 to 5's ``PROTO``; protocol 0's dict, list or object
(``(dp0``, ``(lp0``, ``(ipandas...``), protocol 1's (``}q\\x00``), a global's module and
name on lines of their own."""
PICKLE_OPENERS = 4
"""Instructions at the start of a protocol 2 to 5 pickle that must parse."""


def is_pickle(head: bytes, complete: bool = True) -> bool:
    """Whether ``head`` (the whole file when ``complete``) opens a Python pickle
    (:data:`_PICKLE_OPENING`): protocol 2 to 5's first :data:`PICKLE_OPENERS`
    instructions (or all, up to its ``STOP``) parse; protocol 0 and 1's (text a pickle
    may look like) all do, up to the ``STOP`` or to the end of a head cut short. Nothing
    is loaded: :mod:`pickletools` only reads the instructions."""
    if not _PICKLE_OPENING.match(head):
        return False
    import pickletools

    binary = head[0] == 0x80
    parsed = 0
    try:
        for opcode, _, _ in pickletools.genops(io.BytesIO(head if not binary else head[:4096])):
            parsed += 1
            if opcode.name == "STOP" or (binary and parsed >= PICKLE_OPENERS):
                return True
    except ValueError:
        return binary is False and not complete and parsed >= PICKLE_OPENERS and _cut(head)
    return False


def _cut(head: bytes) -> bool:
    """Whether a head of text a pickle's instructions parse to its last line was cut
    there (its last line break is near its end)."""
    return len(head) - head.rfind(b"\n") < 1024


def is_bson(head: bytes, size: int) -> bool:
    """Whether ``head`` opens a stream of BSON documents (``mongodump``'s ``.bson``): a
    document's length (little-endian, at least 12 bytes, no longer than the file), its
    first element's type and a key of printable characters ending in a NUL (``_id``);
    where the first document lies in ``head``, its closing NUL and the file's end or the
    next document's length right after it. Text opens with no such length (its first four
    characters read as a number larger than any file)."""
    if len(head) < 12:
        return False
    length = int.from_bytes(head[:4], "little")
    if length < 12 or (size >= 0 and length > size) or head[4] not in _BSON_TYPES:
        return False
    key_end = head.find(b"\x00", 5, 5 + _BSON_KEY)
    if key_end < 6 or any(b < 32 or b == 127 for b in head[5:key_end]):
        return False
    if length <= len(head):
        if head[length - 1] != 0:
            return False
        if length != size and length + 4 <= len(head):
            following = int.from_bytes(head[length : length + 4], "little")
            return following >= 5 and (size < 0 or length + following <= size)
    return True


def _size(fh: BinaryIO) -> int:
    """The file's size in bytes (-1 where it cannot seek)."""
    try:
        return fh.seek(0, io.SEEK_END)
    except (OSError, ValueError):
        return -1


def _old_stata(head: bytes) -> bool:
    """Whether ``head`` opens a Stata data file of before version 13 (formats 104 to 115):
    its format, its byte order (1 or 2), file type 1, a zero, then its counts and its
    data label (the header is 109 bytes at least)."""
    return (
        len(head) >= 109
        and 104 <= head[0] <= 115
        and head[1] in (1, 2)
        and head[2:4] == b"\x01\x00"
    )


def _orc_tail(fh: BinaryIO) -> bool:
    """Whether the file ends as an ORC file does: its last byte the length of the
    postscript before it, which ends in ``ORC``."""
    try:
        end = fh.seek(0, io.SEEK_END)
        if end < 8:
            return False
        fh.seek(end - 1)
        length = fh.read(1)[0]
        if length < 4 or length + 1 > end:
            return False
        fh.seek(end - 1 - 3)
        return fh.read(3) == b"ORC"
    except (OSError, ValueError):
        return False
    finally:
        fh.seek(0)


def _ends_with(fh: BinaryIO, tail: bytes) -> bool:
    """Whether the file's last bytes are ``tail`` (a Parquet file's footer magic)."""
    try:
        fh.seek(-len(tail), io.SEEK_END)
        return fh.read(len(tail)) == tail
    except (OSError, ValueError):  # (too short, or a stream that cannot seek)
        return False
    finally:
        fh.seek(0)


def sniff_bytes(data: bytes, name: str = "") -> FileType:
    """:func:`sniff` for bytes held in memory."""
    return sniff(io.BytesIO(data), name)


def sniff_path(opener: Callable[[], BinaryIO], name: str = "") -> FileType:
    """:func:`sniff` for a file opened (and closed again) by ``opener``."""
    with opener() as fh:
        return sniff(fh, name)


def decode_head(head: bytes) -> str | None:
    """Decode the start of a file as text, or return None when it looks binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        body = head[2:]
        return body[: len(body) // 2 * 2].decode(codec, errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if len(head) >= 4 and _looks_utf16_without_bom(head):
        codec = "utf-16-le" if head[1] == 0 else "utf-16-be"
        return head[: len(head) // 2 * 2].decode(codec, errors="replace")
    sample = head[:HEAD_BYTES]
    nuls = sample.count(0)
    if nuls > max(1, len(sample) // 100):
        return None  # text files may hold a few NULs (padding in logs), binaries many
    if nuls:
        sample = sample.replace(b"\x00", b"")
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a multi-byte character cut at the end
            text = sample[: exc.start].decode("utf-8")
        else:
            text = sample.decode("cp1252", errors="replace")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 50):
        return None
    return text


def _looks_utf16_without_bom(head: bytes) -> bool:
    sample = head[:4096]
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_zero, odd_zero) > half * 0.7 and min(even_zero, odd_zero) < half * 0.05


UU_HEAD = 8192
"""Characters of a text's start searched for an encoded file's ``begin`` line."""
_UU_BEGIN = re.compile(r"(?m)^begin(-base64)?[ \t]+[0-7]{3,4}[ \t]+\S[^\r\n]*\r?\n([^\r\n]*)")


def is_uuencoded(text: str) -> bool:
    """Whether ``text`` holds, in its first :data:`UU_HEAD` characters, an encoded file's
    ``begin`` line followed by a line of its encoding (uuencode's or xxencode's; base64's
    after ``begin-base64``) that decodes to some bytes."""
    for found in _UU_BEGIN.finditer(text, 0, UU_HEAD):
        line = found[2].rstrip().encode("latin-1", "replace")
        try:
            data = base64_line(line) if found[1] else uu_line(line, is_xx([line]))
        except DecodeError:
            continue
        if data:
            return True
    return False


def sniff_text(text: str, name: str = "", *, complete: bool = True) -> FileType:
    """Classify decoded text. ``complete`` says whether ``text`` is the whole file."""
    stripped = text.lstrip("\ufeff\x0b \t\r\n")
    if stripped[:15] == "-----BEGIN PGP " and _PGP_ARMOUR.match(stripped):
        return FileType.OPENPGP
    if stripped[:2] in ("--", "MI") and is_cms_text(stripped):
        return FileType.CMS
    hl7 = _HL7.match(stripped)
    if hl7 and stripped.count(hl7.group(1), 0, 200) >= 3:
        return FileType.HL7
    if stripped.startswith("UNB+") or (stripped.startswith("UNA") and "UNB" in stripped[:64]):
        return FileType.EDIFACT
    if stripped.startswith("//") and _MORK.match(stripped):
        return FileType.MORK
    if stripped[:11].upper() == "BEGIN:VCARD":
        return FileType.VCARD
    if stripped[:15].upper() == "BEGIN:VCALENDAR":
        return FileType.ICS
    if _ZPL.match(stripped) and _ZPL_FIELD.search(stripped[:16384]):
        return FileType.ZPL
    if stripped[:1] == "N" and _EPL.match(stripped):
        return FileType.EPL
    if _LDIF.match(stripped):
        return FileType.LDIF
    if _GEDCOM.match(stripped):
        return FileType.GEDCOM
    if stripped.startswith(REG_HEADERS):
        return FileType.REG
    if stripped[:1] in "@<_#Pp" and is_rdf_text(stripped):
        return FileType.TURTLE
    if _SLOW_LOG.match(stripped) and "# Query_time:" in stripped[:4096]:
        return FileType.MYSQL_SLOW_LOG
    if stripped[:1] == "#" and is_w3c_log(stripped):
        return FileType.W3C_LOG
    if stripped.startswith("_HiStOrY_V2_"):
        return FileType.EDIT_HISTORY
    if is_line_protocol(stripped):
        return FileType.LINE_PROTOCOL
    if _CYPHER.match(stripped):
        return FileType.CYPHER
    if stripped.startswith("ID;P") and _SYLK_CELL.search(stripped, 0, 16384):
        return FileType.SYLK
    if ":25:" in stripped[:4096] and _is_mt940(stripped):
        return FileType.MT940
    if stripped[:1] in "#(" and _DICOM_DUMP.match(stripped):
        return FileType.DICOM_DUMP
    if _PDF_FIELDS.match(stripped):
        return FileType.PDF_FIELDS
    if stripped.startswith(_OCR_TSV):
        return FileType.OCR_TSV
    if opens_control(stripped) and is_sqlldr(stripped):
        return FileType.SQLLDR
    if stripped[:1] in "=<0123456789" and _is_curl_trace(stripped):
        return FileType.CURL_TRACE
    if _is_mail(text):
        return FileType.EML
    if (
        stripped[:1].isdigit()
        and (emlx := _EMLX.match(stripped))
        and _is_mail(stripped[emlx.end() :])
    ):
        return FileType.EMLX
    if "begin" in text[:UU_HEAD] and is_uuencoded(text):
        return FileType.UUENCODE
    if stripped.startswith("{\\rtf"):
        return FileType.RTF
    if stripped[:1] == "{" and SPARK_EVENT.match(stripped):
        return FileType.SPARK_EVENTLOG
    if stripped[:1] == "{" and _is_asciicast(stripped):
        return FileType.ASCIICAST
    if stripped[:1] == "{" and is_sentry_envelope(stripped):
        return FileType.SENTRY_ENVELOPE
    if stripped[:1] in ("{", "[") and _json_start(stripped, complete=complete):
        return _sniff_json(stripped, complete=complete)
    if stripped[:1] == "<":
        if _HTML.match(_PROLOG.sub("", stripped[:4096])):
            return FileType.HTML
        if _is_xml(stripped):
            if _PLIST.search(stripped, 0, 1024) and _KEYED_ARCHIVE.search(stripped):
                return FileType.PLIST
            if _SPREADSHEETML.search(stripped, 0, 4096):
                return FileType.SPREADSHEETML
            if _WORDML.search(stripped, 0, 4096):
                return FileType.WORDML
            if _HL7_XML.search(stripped, 0, 4096):
                return FileType.HL7_XML
            if _FODS.search(stripped, 0, 8192):
                return FileType.FODS
            if _ALTO.search(stripped, 0, 4096):
                return FileType.ALTO
            if _SVG_ROOT.match(_PROLOG.sub("", stripped[:4096])):
                return FileType.SVG
            return FileType.XML
    if stripped[:2] in ("19", "20") and is_pg_csvlog(stripped):
        return FileType.PG_CSVLOG
    if _SQL.search(text[:16384]):
        return FileType.SQL
    if text[:2].isdigit() and fixed_record_types(text, complete=complete) is not None:
        return FileType.FIXED_RECORDS
    table = _sniff_delimited(text, complete=complete)
    if table is not None:
        return table
    if typed_records_delimiter(text, complete=complete) is not None:
        return FileType.TYPED_RECORDS
    lower = name.lower()
    if lower.endswith((".tsv", ".tab")) and "\t" in text:
        return FileType.TSV
    if lower.endswith(".csv") and any(d in text for d in ",;|"):
        return FileType.CSV
    return FileType.TEXT


_SPREADSHEETML = re.compile(
    r"<\?mso-application\s[^>]*progid\s*=\s*[\"']Excel\.Sheet[\"']"
    r"|<(?:\w+:)?Workbook\b[^>]*urn:schemas-microsoft-com:office:spreadsheet"
)
"""What starts an XML Spreadsheet 2003 (Excel's processing instruction, or its root)."""
_WORDML = re.compile(
    r"<\?mso-application\s[^>]*progid\s*=\s*[\"']Word\.Document[\"']"
    r"|<(?:\w+:)?wordDocument\b[^>]*schemas\.microsoft\.com/office/word/2003/wordml"
)
"""What starts a Word 2003 XML document (Word's processing instruction, or its root)."""
_RDF_START = re.compile(
    r"(?:@prefix\s+[\w.\-]*:\s*<[^<>\s]*>\s*\.|@base\s+<[^<>\s]*>\s*\."
    r"|(?i:prefix)\s+[\w.\-]*:\s*<[^<>\s]*>\s*$|(?i:base)\s+<[^<>\s]*>\s*$"
    r"|(?:<[^<>\s]*>|_:\S+)\s+<[^<>\s]*>\s+(?:<[^<>\s]*>|_:\S+|\"(?:[^\"\\\n]|\\.)*\""
    r"(?:@[A-Za-z\-]+|\^\^<[^<>\s]*>)?)\s*(?:<[^<>\s]*>\s*|_:\S+\s*)?\.\s*$)",
    re.MULTILINE,
)
"""A Turtle file's first directive, or an N-Triples (N-Quads) file's first triple line."""


def is_rdf_text(text: str) -> bool:
    """Whether ``text`` opens (after ``#`` comment lines) as RDF: a Turtle directive whose
    line ends it, or a whole N-Triples triple line."""
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if text.startswith("#", pos):
            end = text.find("\n", pos)
            if end < 0:
                return False
            pos = end + 1
            continue
        return _RDF_START.match(text, pos) is not None


_SLOW_LOG = re.compile(r"\S*mysqld(?:\.exe)?, Version: |# (?:Time|User@Host): ")
"""A slow query log's opening: the server's banner, or an entry's first header line."""
SENTRY_ITEMS = frozenset(
    {"event", "transaction", "attachment", "session", "sessions", "statsd", "metric_meta"}
    | {"user_report", "feedback", "client_report", "replay_event", "replay_recording"}
    | {"replay_video", "profile", "profile_chunk", "check_in", "span", "otel_log", "log"}
    | {"security", "nel", "raw_security", "unreal_report", "form_data"}
)
"""Sentry's envelope item types."""
_ENVELOPE_KEYS = frozenset({"event_id", "dsn", "sent_at", "sdk", "trace"})
_ITEM_KEYS = frozenset(
    {"type", "length", "content_type", "filename", "attachment_type", "item_count"}
    | {"platform", "source_quantities", "metric_type"}
)
"""What an item header holds (an event of a Sentry export's NDJSON holds more)."""


def is_sentry_envelope(text: str) -> bool:
    """Whether ``text`` opens as a Sentry envelope: a header line that is a JSON object,
    empty or with one of its keys, and an item header line after it."""
    first, _, rest = text.partition("\n")
    second = rest.partition("\n")[0]
    if not second.lstrip().startswith("{"):
        return False
    try:
        header, item = json.loads(first), json.loads(second)
    except ValueError:
        return False
    return (
        isinstance(header, dict)
        and (not header or bool(_ENVELOPE_KEYS & header.keys()))
        and isinstance(item, dict)
        and item.get("type") in SENTRY_ITEMS
        and item.keys() <= _ITEM_KEYS
    )


_LP_NAME = r"(?:[^,=\s\\\"]|\\.)+"
_LP_POINT = re.compile(
    rf"(?:[^,\s\\#]|\\.)(?:[^,\s\\]|\\.)*(?:,{_LP_NAME}={_LP_NAME})* "
    rf"{_LP_NAME}=(?:\"(?:[^\"\\]|\\.)*\"|[-+]?[\d.]+(?:[eE][-+]?\d+)?[iu]?|[tTfF]\w*)"
    rf"(?:,{_LP_NAME}=(?:\"(?:[^\"\\]|\\.)*\"|[-+]?[\d.]+(?:[eE][-+]?\d+)?[iu]?|[tTfF]\w*))*"
    r"(?P<time> -?\d{1,19})?\r?$"
)
"""A line protocol point on one line: measurement, tags, fields and a timestamp."""


_W3C_DIRECTIVE = re.compile(r"#(?:Software|Version|Date|Start-Date|End-Date|Remark):")


def is_w3c_log(text: str) -> bool:
    """Whether ``text`` opens with a W3C extended log's directives: ``#`` lines, a
    ``#Fields:`` among them naming two fields or more, and another known directive."""
    directive = fields = False
    for line in text.lstrip("\ufeff").splitlines()[:12]:
        if not line.startswith("#"):
            break
        if line.startswith("#Fields:"):
            fields = len(line[8:].split()) >= 2
        elif _W3C_DIRECTIVE.match(line):
            directive = True
    return directive and fields


def is_line_protocol(text: str) -> bool:
    """Whether ``text`` opens with InfluxDB line protocol: its first two point lines
    (after comments and an export's DDL section) whole points, the first with a
    timestamp of 9 digits or more unless an export's ``# DML`` header came before."""
    header = False
    checked = 0
    in_ddl = False
    for line in text.split("\n", 64)[:64]:
        head = line.strip()
        if head.startswith("#"):
            in_ddl = head.startswith("# DDL") or (in_ddl and not head.startswith("# DML"))
            header = header or head.startswith("# DML")
            continue
        if not head or in_ddl:
            continue
        found = _LP_POINT.match(line)
        if found is None:
            return False
        if not checked and not header and len((found["time"] or "").strip()) < 9:
            return False
        checked += 1
        if checked == 2:
            return True
    return checked == 1


_CYPHER = re.compile(
    r"(?:(?://[^\n]*|:(?:begin|commit|param[^\n]*))\s*)*"
    r"(?:UNWIND\s*\[\s*\{|(?:CREATE|MERGE)\s*\(\s*[\w`]*\s*(?::\s*[\w`]|\{)"
    r"|CREATE\s+CONSTRAINT\b[^;\n]*UNIQUE IMPORT LABEL)"
)
"""A Neo4j Cypher script's first statement that writes nodes (APOC's export's opening)."""
_SYLK_CELL = re.compile(r"^[CF];(?:[^;\r\n]*;)*?[XY]\d{1,7}(?:;|\r?$)", re.MULTILINE)
"""A SYLK cell (``C;Y2;X1;K"Jansen"``) or format record placed by its row or column (an
``ID;...`` CSV header is no SYLK file: its next lines hold no such record)."""
_MORK = re.compile(r"//\s*<!--\s*<mdb:mork:z\s+v=\"\d+\.\d+\"")
"""A Mork file's magic comment."""
_PLIST = re.compile(r"<plist\b")
_KEYED_ARCHIVE = re.compile(r"<key>\$archiver</key>\s*<string>[^<]{0,64}KeyedArchiver</string>")
"""An XML property list's keyed archiver (``NSKeyedArchiver``): read as a property list."""
_HL7_XML = re.compile(r"xmlns(?::\w+)?\s*=\s*[\"']urn:hl7-org:v2xml[\"']")
"""HL7 v2's XML namespace declared (v2.xml)."""
_FODS = re.compile(
    r"<(?:\w+:)?document\b[^>]*\bmimetype\s*=\s*[\"']application/vnd\.oasis\.opendocument\."
    r"spreadsheet[\"']"
)
"""A flat XML OpenDocument spreadsheet's root element and its type."""
_OCR_TSV = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
"""The start of Tesseract's TSV header."""
_SVG_ROOT = re.compile(r"<(?:[\w.\-]+:)?svg[\s/>]")
"""An SVG drawing's root element (after the prolog), with or without a prefix."""
_ALTO = re.compile(r"<(?:\w+:)?alto\b[^>]*www\.loc\.gov/standards/alto")
"""ALTO's root element with its namespace (any version's)."""


PG_CSVLOG_COLUMNS = (
    "log_time", "user_name", "database_name", "process_id", "connection_from",
    "session_id", "session_line_num", "command_tag", "session_start_time",
    "virtual_transaction_id", "transaction_id", "error_severity", "sql_state_code",
    "message", "detail", "hint", "internal_query", "internal_query_pos", "context",
    "query", "query_pos", "location", "application_name", "backend_type", "leader_pid",
    "query_id",
)  # fmt: skip
"""The columns of PostgreSQL's csvlog, as its documentation names them (14 on; older
versions' logs have the first 22, 23 or 24)."""
_PG_LOG_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})? [A-Za-z0-9+\-:/_]{1,40},")
_PG_SEVERITIES = frozenset(
    {"LOG", "ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "INFO", "DEBUG", "STATEMENT"}
    | {f"DEBUG{n}" for n in range(1, 6)}
)


def is_pg_csvlog(text: str) -> bool:
    """Whether ``text`` opens PostgreSQL's csvlog: its first record (CSV, up to 64 KB)
    has 22, 23, 24 or 26 fields, a time with its zone first, a severity in field 12 and
    a SQLSTATE (five digits and capitals) in field 13."""
    if not _PG_LOG_TIME.match(text):
        return False
    import csv

    try:
        record = next(csv.reader(io.StringIO(text[:65536], newline="")))
    except (csv.Error, StopIteration):
        return False
    return (
        len(record) in (22, 23, 24, 26)
        and record[11] in _PG_SEVERITIES
        and re.fullmatch(r"[0-9A-Z]{5}", record[12]) is not None
    )


_ASCIICAST_V1 = re.compile(r'"version"\s*:\s*1\s*[,}]')
_ASCIICAST_STDOUT = re.compile(r'"stdout"\s*:\s*\[')


def is_asciicast_header(line: str) -> bool:
    """Whether ``line`` is an asciicast v2 or v3 header: a JSON object of version 2 or 3
    with the terminal's width (v2) or ``term`` (v3)."""
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(header, dict)
        and header.get("version") in (2, 3)
        and ("width" in header or "term" in header)
    )


def _is_asciicast(text: str) -> bool:
    """Whether ``text`` (opening with ``{``) is an asciinema recording: v2's or v3's header
    line, or v1's version and ``stdout`` among its first characters."""
    first = text[: text.find("\n")] if "\n" in text else text
    if '"version"' not in first[:4096]:
        return False
    if is_asciicast_header(first):
        return True
    return bool(_ASCIICAST_V1.search(text, 0, 4096) and _ASCIICAST_STDOUT.search(text))


_TRACE_TIME = r"(?:\d\d:\d\d:\d\d\.\d{6} )?"
CURL_TITLE = re.compile(
    _TRACE_TIME + r"(=>|<=) (Send|Recv) (header|data|SSL data), (\d{1,12}) bytes \(0x[0-9a-f]+\)"
)
"""A block's title in curl's trace: its side, kind and size (``--trace-time``'s time
before it)."""
CURL_INFO = re.compile(_TRACE_TIME + r"== Info: ")


def _is_curl_trace(text: str) -> bool:
    """Whether ``text`` opens curl's trace: its first line an ``Info`` line or a block's
    title, and a block's title among its first 100 lines."""
    lines = text.lstrip("\ufeff\r\n").splitlines()[:100]
    if not lines or not (CURL_INFO.match(lines[0]) or CURL_TITLE.match(lines[0])):
        return False
    return any(CURL_TITLE.fullmatch(line.rstrip()) for line in lines)


is_curl_trace = _is_curl_trace


def _is_xml(text: str) -> bool:
    """An XML declaration, or a first element (after comments, processing instructions and
    a doctype); the caller has ruled out HTML."""
    return text[:5].lower() == "<?xml" or bool(_ELEMENT.match(_PROLOG.sub("", text[:4096])))


_EMLX = re.compile(r"\d{1,12}[ \t]*\r?\n")
"""Apple Mail's ``.emlx``: the message's length in bytes on a line of its own."""


def _is_mail(text: str) -> bool:
    lines = text.splitlines()[:60]
    if lines and lines[0].startswith("From ") and not lines[0].startswith("From:"):
        lines = lines[1:]  # mbox "From " line
    seen: set[str] = set()
    count = 0
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and count:
            continue  # folded header continuation
        m = _HEADER_LINE.match(line)
        if not m:
            return False
        seen.add(m.group(1).lower())
        count += 1
    if count >= 2 and len(seen & _MAIL_HEADERS) >= 2 and bool(seen & {"from", "received"}):
        return True
    return _is_mime_entity(seen, text)


def _is_mime_entity(seen: set[str], text: str) -> bool:
    """A MIME entity without a mail's headers (the content of an S/MIME signed message, a
    message part saved alone): only ``Content-*`` and ``MIME-Version`` headers, a
    ``Content-Type`` among them, and a ``Content-Transfer-Encoding`` or a multipart's
    boundary line after them."""
    if "content-type" not in seen or not all(
        h.startswith("content-") or h == "mime-version" for h in seen
    ):
        return False
    if "content-transfer-encoding" in seen:
        return True
    found = _BOUNDARY.search(text, 0, 4096)
    return found is not None and f"--{found[1] or found[2]}" in text


_BOUNDARY = re.compile(
    r'(?im)^content-type:[ \t]*multipart/(?:[^\n]|\n[ \t])*?boundary=(?:"([^"\r\n]+)"|([^";\s]+))'
)
_JSON = json.JSONDecoder()
SPARK_EVENT = re.compile(r'\{\s*"Event"\s*:\s*"(?:org\.apache\.spark\.[\w.$]+\.)?SparkListener\w+"')
"""A Spark event log's line: a JSON object whose first key names a listener event."""


def _json_start(text: str, *, complete: bool) -> bool:
    """Whether ``text`` (which starts with ``{`` or ``[``) begins as JSON does: an object
    with a key or nothing in it, an array whose first value is followed by a comma or its
    end. A chat export or a log whose lines start with a bracketed time
    (``[12-03-24 14:02:11] Anna: ...``, ``[2024-01-01 12:00:00] local.ERROR: ...``) is
    text. A first value that begins as JSON and that the sample cuts off is JSON."""
    i = len(text) - len(text[1:].lstrip(" \t\r\n"))
    if i >= len(text) or text[i] in "}]":
        return True
    if text[0] == "{":
        return text[i] == '"'
    try:
        _, end = _JSON.raw_decode(text, i)
    except RecursionError:
        return True
    except ValueError as exc:
        return not complete and getattr(exc, "pos", i) > i  # (cut inside the value)
    rest = text[end:].lstrip(" \t\r\n")
    return rest[:1] in (",", "]") or (not rest and not complete)


def _sniff_json(text: str, *, complete: bool) -> FileType:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not complete and lines:
        lines = lines[:-1]  # the last line may be cut
    if len(lines) >= 2 and lines[0][:1] in ("{", "[") and lines[1][:1] in ("{", "["):
        try:
            json.loads(lines[0])
            json.loads(lines[1])
        except (ValueError, RecursionError):
            return FileType.JSON
        return FileType.NDJSON
    return FileType.JSON


def _sniff_delimited(text: str, *, complete: bool) -> FileType | None:
    """A table when one delimiter occurs equally often on most of the first lines, after
    at most :data:`MAX_PREAMBLE` leading comment (``#``) or title lines without it, and
    fewer title lines than table lines (a letter whose last two lines hold a comma each
    is no table under four title lines)."""
    lines = [ln for ln in _records(text) if ln.strip()]
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    lines = lines[: SNIFF_LINES + MAX_PREAMBLE]
    comments = 0
    while comments < min(MAX_PREAMBLE, len(lines)) and lines[comments].lstrip().startswith("#"):
        comments += 1
    best: tuple[float, FileType] | None = None
    for delim, ftype in _DELIMITERS.items():
        counts = [_count_outside_quotes(ln, delim) for ln in lines]
        start = comments
        while start < min(MAX_PREAMBLE, len(lines)) and counts[start] == 0:
            start += 1  # a title line above the table
        body = counts[start : start + SNIFF_LINES]
        if len(body) < 2 or body[0] == 0 or len(body) <= start - comments:
            continue  # (no more rows than title lines: the last lines of a text)
        agree = sum(1 for c in body if c == body[0]) / len(body)
        if agree < 0.8 or _looks_like_prose(lines[start : start + SNIFF_LINES], delim, body[0]):
            continue
        score = agree * 10 + min(body[0], 50) / 50
        if best is None or score > best[0]:
            best = (score, ftype)
    return None if best is None else best[1]


def _records(text: str) -> list[str]:
    """``text``'s lines, a line that leaves a quote open joined with the lines after it
    that close it (a cell into which someone typed line breaks, ``"Adres gewijzigd:`` over
    ``Oldenzaalsestraat 203a``: one record), at most :data:`MAX_RECORD_LINES` joined."""
    out: list[str] = []
    pending: list[str] = []
    for line in text.splitlines():
        pending.append(line)
        if "".join(pending).count('"') % 2 == 0 or len(pending) >= MAX_RECORD_LINES:
            out.append("\n".join(pending))
            pending = []
    if pending:
        out.extend(pending)  # (a quote never closed: the lines as they are)
    return out


MAX_RECORD_LINES = 10
"""Most lines one record's quoted cells join (an odd quote in prose joins no more)."""


def _looks_like_prose(lines: list[str], delim: str, count: int) -> bool:
    """Text that happens to hold the delimiter: long fields (many words), one delimiter
    that only indents or ends lines, a list of names written family name first
    (``Jansen, P. - hrHPV pos``, whose comma stands before the initials), or a table
    aligned with spaces whose cells hold the delimiter (``Bulut, Y.   12-08-1983``)."""
    fields = [f for ln in lines for f in ln.split(delim)]
    filled = [f for f in fields if f.strip()]
    if not filled:
        return True
    words = sum(len(f.split()) for f in filled) / len(filled)
    if words >= PROSE_WORDS:
        return True
    rows = lines[1:] if len(lines) > 2 else lines  # (the first may be a header, a title)
    if delim != "\t" and sum(1 for ln in rows if _ALIGNED.search(ln)) >= 0.8 * len(rows):
        return True
    if count == 1:
        edges = sum(
            1 for ln in lines if ln.split(delim)[0].strip() == "" or ln.rstrip().endswith(delim)
        )
        if edges >= 0.8 * len(lines):
            return True
        if delim == ",":
            named = sum(1 for ln in rows if _INITIALS_AFTER.match(ln.partition(",")[2]))
            return named >= 0.8 * len(rows)
    return False


_ALIGNED = re.compile(r"[^\s,;|] {2,}[^\s,;|]")
"""Two words in one field set apart by a run of spaces: a column gap of a table aligned
with spaces, which no delimited export writes inside a field."""
_INITIALS_AFTER = re.compile(r" (?:[A-Z]\.){1,4}(?:\s|$)")
"""Initials right after the comma: ``Jansen, P.``, ``El Khatib, A.B.``."""


def _count_outside_quotes(line: str, delim: str) -> int:
    if '"' not in line:
        return line.count(delim)
    count = 0
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            count += 1
    return count


_RECORD_TYPE = re.compile(r"[0-9A-Z]{1,4}")
"""A record type's code in a record's first field (``02``, ``04``, ``99``, ``ZH``)."""
TYPED_MIN_RECORDS = 4
"""Fewest records of a file of typed records."""
TYPED_AGREE = 0.9
"""Share of a type's records that must have its usual width."""
TYPED_TEXT_SHARE = 0.1
"""Largest share of lines of text (no type's code first) among typed records (one is
always allowed)."""


def record_type(field: str) -> str | None:
    """The record type a record's first field names, or None."""
    code = field.strip()
    return code if _RECORD_TYPE.fullmatch(code) else None


def typed_records_delimiter(text: str, *, complete: bool) -> str | None:
    """The delimiter of a file of records of several types, each its own width, the
    first field its type (a declaration in Vektis's style: ``01;...`` a header,
    ``02;...`` a patient, ``04;...`` a service, ``99;...`` the totals), or None: every
    non-blank line of the first ones but a few starts with a type's code and a delimiter, at
    least two types of different widths, each type's records (nine in ten) of one
    width, one type at least twice, and short fields (no prose); a line of text among
    them (one in ten) is no type's."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not complete and len(lines) > 1:
        lines = lines[:-1]
    lines = lines[: SNIFF_LINES * 4]
    if len(lines) < TYPED_MIN_RECORDS:
        return None
    for delim in _DELIMITERS:
        widths: dict[str, Counter[int]] = {}
        other = 0  # lines of text among the records
        for line in lines:
            code, sep, _ = line.partition(delim)
            kind = record_type(code) if sep else None
            if kind is None:
                other += 1
                if other > max(1, TYPED_TEXT_SHARE * len(lines)):
                    break
                continue
            widths.setdefault(kind, Counter())[_count_outside_quotes(line, delim)] += 1
        else:
            usual = {k: c.most_common(1)[0] for k, c in widths.items()}
            if (
                len(widths) >= 2
                and len({w for w, _ in usual.values()}) >= 2
                and max(sum(c.values()) for c in widths.values()) >= 2
                and max(w for w, _ in usual.values()) >= 2
                and all(n >= TYPED_AGREE * sum(widths[k].values()) for k, (_, n) in usual.items())
                and sum(sum(c.values()) for c in widths.values()) >= TYPED_MIN_RECORDS
                and not _looks_like_prose(lines, delim, 0)
            ):
                return delim
    return None


FIXED_MIN_LINES = 4
"""Fewest lines of a fixed-length record file."""
FIXED_MIN_LENGTH = 40
"""Shortest fixed-length record (a shorter line is a list's or a log's)."""
FIXED_MAX_LENGTH = 4096
"""Longest fixed-length record."""
FIXED_MAX_TYPES = 16
"""Most record types of a fixed-length record file's head."""
_FIXED_NUMBER = re.compile(r"[0-9]{6}")


def is_record_type(field: str) -> bool:
    """Whether a fixed-length record's first two characters are a record type: two
    ASCII digits (``01``, ``02``, ``99``)."""
    return len(field) == 2 and field.isascii() and field.isdigit()


def fixed_record_types(text: str, *, complete: bool) -> dict[str, int] | None:
    """The record types of a fixed-length record file and each one's length, or None
    where ``text`` (its head; ``complete``: the whole file) is none: at least
    :data:`FIXED_MIN_LINES` lines (blank ones passed over), each opening with a record
    type (:func:`is_record_type`), every line of a type the same length (trailing
    ``\\r`` and DOS's end-of-file ``^Z`` aside) from :data:`FIXED_MIN_LENGTH` to
    :data:`FIXED_MAX_LENGTH`, no tab, more lines than types (one type repeats), at most
    :data:`FIXED_MAX_TYPES` types, at least half of the lines padded (two spaces side
    by side) and holding a number of six digits or more (a date, a BSN, an amount):
    prose, a list or a log has lines of many lengths, a text set in a fixed width no
    numbers."""
    lines = text.split("\n")
    if not complete:
        lines = lines[:-1]  # (cut by the head)
    lengths: dict[str, int] = {}
    count = padded = numbered = 0
    for raw in lines:
        line = raw.rstrip("\r\x1a")
        if not line.strip():
            continue
        if "\t" in line or not FIXED_MIN_LENGTH <= len(line) <= FIXED_MAX_LENGTH:
            return None
        kind = line[:2]
        if not is_record_type(kind) or lengths.setdefault(kind, len(line)) != len(line):
            return None
        if len(lengths) > FIXED_MAX_TYPES:
            return None
        count += 1
        padded += "  " in line
        numbered += _FIXED_NUMBER.search(line) is not None
    if count < FIXED_MIN_LINES or count <= len(lengths):
        return None
    if 2 * padded < count or 2 * numbered < count:
        return None
    return lengths


def is_cabinet(head: bytes) -> bool:
    """Whether ``head`` opens a Microsoft Cabinet file: ``MSCF``, its first reserved word
    zero and version 1.3 (minor 3, major 1 at bytes 24 and 25)."""
    return (
        len(head) >= 36
        and head.startswith(b"MSCF")
        and head[4:8] == bytes(4)
        and head[24:26] == b"\x03\x01"
    )


AR_MAGIC = b"!<arch>\n"
AR_THIN_MAGIC = b"!<thin>\n"
AR_HEADER = 60
"""An ``ar`` entry header's size (its last two bytes are the mark ``` `\\n```)."""


def is_ar(head: bytes) -> bool:
    """Whether ``head`` opens an ``ar`` archive: its magic and (where it has any entry) a
    first header that ends in its two-byte mark."""
    if not head.startswith((AR_MAGIC, AR_THIN_MAGIC)):
        return False
    first = head[len(AR_MAGIC) : len(AR_MAGIC) + AR_HEADER]
    return not first or (len(first) == AR_HEADER and first[58:60] == b"`\n")


SECTOR = 2048
"""An ISO 9660 image's sector."""
ISO_DESCRIPTOR = 16 * SECTOR
"""Where an ISO 9660 image's first volume descriptor lies (after the system area)."""


def is_iso9660(head: bytes) -> bool:
    """Whether ``head`` (64 KB) holds an ISO 9660 volume descriptor at sector 16: a type
    of 0 to 3, ``CD001`` and version 1."""
    at = ISO_DESCRIPTOR
    return head[at + 1 : at + 7] == b"CD001\x01" and head[at] in (0, 1, 2, 3)


REVLOG_VERSION = 1
"""RevlogNG's version (the low 16 bits of the index's first four bytes)."""
REVLOG_FLAGS = 0x3
"""RevlogNG's header flags (the high 16 bits): inline data (1), general delta (2)."""
REVLOG_ENTRY = 64


def is_revlog(head: bytes, size: int) -> bool:
    """Whether ``head`` opens a Mercurial RevlogNG index: its version 1 and known flags,
    and a first entry (the header in its offset's place) whose flags are known, whose
    sizes fit (the compressed chunk within the file where its data is inline), whose
    base revision is 0 (a full text), whose link revision is not negative, whose
    parents are null and whose node's padding is zeros."""
    if len(head) < REVLOG_ENTRY:
        return False
    flags, version = struct.unpack_from(">HH", head)
    if version != REVLOG_VERSION or flags & ~REVLOG_FLAGS:
        return False
    offset, rev_flags, packed, full, base, link, p1, p2 = struct.unpack_from(">HHiiiiII", head, 4)
    if offset or packed < 0 or full < 0 or base != 0 or link < 0 or head[52:64] != bytes(12):
        return False
    if flags & 1 and size >= 0 and REVLOG_ENTRY + packed > size:
        return False
    return bool(p1 == p2 == 0xFFFFFFFF and rev_flags & 0x7FF == 0)


_CPIO_ASCII = re.compile(rb"07070[12][0-9A-Fa-f]{104}|070707[0-7]{70}")
"""A cpio archive's first header in the new (hexadecimal) or old portable (octal) ASCII."""


def is_cpio(head: bytes) -> bool:
    """Whether ``head`` opens a cpio archive: an ASCII header whose fields are all digits,
    or an old binary header (magic 070707 in the machine's byte order) whose name, of 2
    to 4096 bytes, ends in its NUL."""
    if _CPIO_ASCII.match(head):
        return True
    for order in ("<", ">"):
        if len(head) >= 28 and struct.unpack_from(f"{order}H", head)[0] == 0o070707:
            name_size: int = struct.unpack_from(f"{order}H", head, 20)[0]
            end = 26 + name_size
            return 2 <= name_size <= 4096 and len(head) >= end and head[end - 1] == 0
    return False


def is_tar_header(head: bytes) -> bool:
    """True when ``head`` starts with a tar header (ustar magic or a valid v7 checksum)."""
    if len(head) < 512:
        return False
    if head[257:262] == b"ustar":
        return True
    stored = head[148:156].strip(b" \x00")
    if not stored or not all(48 <= b <= 55 for b in stored):
        return False
    if not head[:100].rstrip(b"\x00"):
        return False
    computed = sum(head[:148]) + 8 * 32 + sum(head[156:512])
    return int(stored, 8) == computed


_SAZ_SESSION = re.compile(r"raw/\d{1,9}_[cs]\.txt")
_SAZ_SESSION_BYTES = re.compile(rb"PK\x03\x04.{26}raw/\d{1,9}_[cs]\.txt", re.DOTALL)
"""A Fiddler session archive's request or response member (its local header's name)."""
_PGP_ARMOUR = re.compile(r"-----BEGIN (?:PGP MESSAGE|PGP SIGNED MESSAGE|PGP ARMORED FILE)-----")


def _sniff_zip(fh: BinaryIO, name: str) -> FileType:
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist()[:10_000])
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                return FileType.XLSX
            if "word/document.xml" in names:
                return FileType.DOCX
            if "ppt/presentation.xml" in names:
                return FileType.PPTX
            if any(n.lower().endswith((".fdseq", ".fpage")) for n in names):
                return FileType.XPS
            if any(_SAZ_SESSION.fullmatch(n) for n in names):
                return FileType.SAZ
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = zf.read("mimetype")
                    if b"opendocument.spreadsheet" in mimetype:
                        return FileType.ODS
                    if b"opendocument.text" in mimetype or b"sun.xml.writer" in mimetype:
                        return FileType.ODT
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        pass  # truncated or odd: still a zip by its magic; the readers report the damage
    finally:
        fh.seek(0)
    return _sniff_zip_local_headers(fh, name)


_OOXML_BY_EXTENSION = {
    ".xlsx": FileType.XLSX,
    ".xlsm": FileType.XLSX,
    ".docx": FileType.DOCX,
    ".pptx": FileType.PPTX,
    ".pptm": FileType.PPTX,
    ".ppsx": FileType.PPTX,
}


def _sniff_zip_local_headers(fh: BinaryIO, name: str) -> FileType:
    """Recognise a truncated OOXML/ODF file from its leading local headers (no directory)."""
    fh.seek(0)
    head = fh.read(HEAD_BYTES)
    fh.seek(0)
    if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head[:200]:
        return FileType.ODS
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in head[:200] or (
        b"mimetypeapplication/vnd.sun.xml.writer" in head[:200]
    ):
        return FileType.ODT
    if b"xl/workbook.xml" in head or b"xl/worksheets/" in head:
        return FileType.XLSX
    if b"word/document.xml" in head:
        return FileType.DOCX
    if b"ppt/presentation.xml" in head or b"ppt/slides/" in head:
        return FileType.PPTX
    if _SAZ_SESSION_BYTES.search(head):
        return FileType.SAZ
    if b"[Content_Types].xml" in head or b"docProps/" in head:
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        return _OOXML_BY_EXTENSION.get(suffix, FileType.ZIP)
    return FileType.ZIP


_MAX_OLE_DIR_SECTORS = 4096


def _sniff_ole(fh: BinaryIO) -> FileType:
    """Tell xls, msg and doc apart by the stream names in the compound-file directory."""
    try:
        names = _ole_names(fh)
    except (struct.error, ValueError, OSError):
        return FileType.BINARY
    finally:
        fh.seek(0)
    if any(n.startswith("__substg1.0_") for n in names):
        return FileType.MSG
    if "Workbook" in names or "Book" in names:
        return FileType.XLS
    if "WordDocument" in names:
        return FileType.DOC
    return FileType.BINARY


def _ole_names(fh: BinaryIO) -> set[str]:
    fh.seek(0)
    header = fh.read(512)
    sector_size = 1 << struct.unpack_from("<H", header, 30)[0]
    if sector_size not in (512, 4096):
        raise ValueError("bad sector size")
    n_fat = struct.unpack_from("<I", header, 44)[0]
    first_dir = struct.unpack_from("<I", header, 48)[0]
    difat = [s for s in struct.unpack_from("<109I", header, 76) if s < 0xFFFFFFFA]
    fat: list[int] = []
    for sector in difat[: min(n_fat, 109)]:
        fh.seek((sector + 1) * sector_size)
        data = fh.read(sector_size)
        fat.extend(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))
    names: set[str] = set()
    sector = first_dir
    for _ in range(_MAX_OLE_DIR_SECTORS):
        if sector >= 0xFFFFFFFA:
            break
        fh.seek((sector + 1) * sector_size)
        data = fh.read(sector_size)
        for off in range(0, len(data) - 127, 128):
            length = struct.unpack_from("<H", data, off + 64)[0]
            if 2 <= length <= 64:
                raw = data[off : off + length - 2]
                names.add(raw.decode("utf-16-le", errors="replace"))
        if sector >= len(fat):
            break
        sector = fat[sector]
    return names
