"""The built-in extractors by id, with the module that defines each and the detected
types it reads, so that a process imports an extractor's module only when a file of its
type comes (importing all of them cost every scan worker about 0.7 s of its start).

:data:`ENTRIES` is written out from full discovery (every module of the package imported,
:func:`discovered`); ``tests/extract/test_catalog.py`` keeps the two equal and prints the
table anew where they differ (:func:`render`)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from breachscope.extract.base import Extractor

PACKAGE = "breachscope.extract"


@dataclass(frozen=True, slots=True)
class Entry:
    """One built-in extractor: its id, module (in :data:`PACKAGE`), class, detected types
    and :attr:`~breachscope.extract.base.Extractor.structured`."""

    id: str
    module: str
    name: str
    types: tuple[str, ...]
    structured: bool = False

    def load(self) -> type[Extractor]:
        """The extractor class (its module imported now)."""
        cls = getattr(importlib.import_module(f"{PACKAGE}.{self.module}"), self.name, None)
        if not (isinstance(cls, type) and issubclass(cls, Extractor)) or cls.id != self.id:
            raise ImportError(f"extractor catalog out of date: {self.module}.{self.name}")
        return cls


def discovered() -> tuple[Entry, ...]:
    """The catalog as full discovery finds it (every module of the package imported)."""
    import breachscope.extract as package
    from breachscope.plugins import concrete_subclasses, import_submodules

    import_submodules(package)
    out = [
        Entry(
            c.id,
            c.__module__.removeprefix(f"{PACKAGE}."),
            c.__qualname__,
            tuple(sorted(str(t) for t in c.types)),  # (a StrEnum member: its value)
            c.structured,
        )
        for c in concrete_subclasses(Extractor)  # type: ignore[type-abstract]
        if c.__module__.startswith(f"{PACKAGE}.")
    ]
    return tuple(sorted(out, key=lambda e: e.id))


def render(entries: tuple[Entry, ...]) -> str:
    """``entries`` as the source of :data:`ENTRIES`."""
    lines = ["ENTRIES: tuple[Entry, ...] = ("]
    for e in entries:
        structured = ", structured=True" if e.structured else ""
        lines.append(f"    Entry({e.id!r}, {e.module!r}, {e.name!r}, {e.types!r}{structured}),")
    lines.append(")")
    return "\n".join(lines)


ENTRIES: tuple[Entry, ...] = (
    Entry("alto", "alto", "AltoExtractor", ("alto",)),
    Entry("arrow-file", "arrowfile", "ArrowFileExtractor", ("arrow", "orc"), structured=True),
    Entry("asciicast", "asciicast", "AsciicastExtractor", ("asciicast",)),
    Entry("audio-tags", "audiotags", "AudioTagsExtractor", ("mp3", "wav")),
    Entry("avro", "avrofile", "AvroExtractor", ("avro",), structured=True),
    Entry("bcp", "bcp", "BcpExtractor", ("bcp",), structured=True),
    Entry("brotli", "brotlifile", "BrotliExtractor", ("brotli",)),
    Entry("bson", "mongodump", "BsonExtractor", ("bson",), structured=True),
    Entry("cbor", "cborfile", "CborExtractor", ("cbor",), structured=True),
    Entry("chrome-blockfile", "chromeblockfile", "ChromeBlockfileExtractor", ("chrome-blockfile",)),
    Entry("chrome-cache", "chromecache", "ChromeCacheExtractor", ("chrome-cache",)),
    Entry("cms", "cms", "CmsExtractor", ("cms",)),
    Entry("csv", "csv", "CsvExtractor", ("csv", "tsv"), structured=True),
    Entry("curl-trace", "curltrace", "CurlTraceExtractor", ("curl-trace",)),
    Entry("cypher", "cypher", "CypherExtractor", ("cypher",), structured=True),
    Entry("dbf", "dbf", "DbfExtractor", ("dbf",), structured=True),
    Entry("dicom", "dicom", "DicomExtractor", ("dicom",), structured=True),
    Entry("dicom-dump", "dicomdump", "DicomDumpExtractor", ("dicom-dump",), structured=True),
    Entry("doc", "doc", "DocExtractor", ("doc",)),
    Entry("docx", "docx", "DocxExtractor", ("docx",)),
    Entry("duckdb", "duckdbfile", "DuckdbExtractor", ("duckdb",), structured=True),
    Entry("ebcdic", "ebcdic", "EbcdicExtractor", ("ebcdic",)),
    Entry("edifact", "edifact", "EdifactExtractor", ("edifact",), structured=True),
    Entry(
        "edit-history", "edithistory", "EditHistoryExtractor", ("edit-history",), structured=True
    ),
    Entry("email", "email", "EmailExtractor", ("eml",)),
    Entry("emlx", "emlx", "EmlxExtractor", ("emlx",)),
    Entry("epl", "epl", "EplExtractor", ("epl",)),
    Entry("fiddler-saz", "fiddlersaz", "FiddlerSazExtractor", ("saz",)),
    Entry(
        "fixed-records", "fixedlength", "FixedLengthExtractor", ("fixed-records",), structured=True
    ),
    Entry("fods", "flatods", "FlatOdsExtractor", ("fods",), structured=True),
    Entry("gedcom", "gedcom", "GedcomExtractor", ("gedcom",), structured=True),
    Entry("git", "gitobjects", "GitObjectsExtractor", ("git-object", "git-pack")),
    Entry("hdf5", "hdf5", "Hdf5Extractor", ("hdf5",), structured=True),
    Entry("hg", "hgrevlog", "HgRevlogExtractor", ("hg-revlog",)),
    Entry("hive-text", "hivetext", "HiveTextExtractor", ("hive-text",), structured=True),
    Entry("hl7", "hl7", "Hl7Extractor", ("hl7",), structured=True),
    Entry("hl7xml", "hl7xml", "Hl7XmlExtractor", ("hl7-xml",), structured=True),
    Entry("hprof", "hprof", "HprofExtractor", ("hprof",), structured=True),
    Entry("html", "html", "HtmlExtractor", ("html",)),
    Entry("ics", "ics", "IcsExtractor", ("ics",), structured=True),
    Entry("image", "image", "ImageExtractor", ("image",)),
    Entry("java-class", "classfile", "ClassFileExtractor", ("java-class",)),
    Entry("java-ser", "javaser", "JavaSerialExtractor", ("java-ser",), structured=True),
    Entry(
        "journal-export",
        "journalexport",
        "JournalExportExtractor",
        ("journal-export",),
        structured=True,
    ),
    Entry("json", "json", "JsonExtractor", ("json", "ndjson"), structured=True),
    Entry("kafka-log", "kafkalog", "KafkaLogExtractor", ("kafka-log",), structured=True),
    Entry("ldif", "ldif", "LdifExtractor", ("ldif",), structured=True),
    Entry("leveldb-log", "leveldb", "LevelDbLogExtractor", ("leveldb-log",), structured=True),
    Entry(
        "leveldb-table",
        "leveldbtable",
        "LevelDbTableExtractor",
        ("leveldb-table",),
        structured=True,
    ),
    Entry(
        "line-protocol",
        "lineprotocol",
        "LineProtocolExtractor",
        ("line-protocol",),
        structured=True,
    ),
    Entry("lmdb", "lmdb", "LmdbExtractor", ("lmdb",), structured=True),
    Entry("lnk", "shelllink", "ShellLinkExtractor", ("lnk",), structured=True),
    Entry("lotus", "lotus", "LotusExtractor", ("lotus",), structured=True),
    Entry("lz4", "lz4frame", "Lz4FrameExtractor", ("lz4",)),
    Entry("matlab", "matfile", "MatFileExtractor", ("matlab",), structured=True),
    Entry("minidump", "minidump", "MinidumpExtractor", ("minidump",)),
    Entry("mork", "mork", "MorkExtractor", ("mork",), structured=True),
    Entry("mozlz4", "mozlz4", "MozLz4Extractor", ("mozlz4",)),
    Entry("msg", "msg", "MsgExtractor", ("msg",)),
    Entry("msgpack", "msgpackfile", "MsgpackExtractor", ("msgpack",), structured=True),
    Entry("mt940", "mt940", "Mt940Extractor", ("mt940",), structured=True),
    Entry("mysql-binlog", "mysqlbinlog", "MysqlBinlogExtractor", ("mysql-binlog",)),
    Entry("mysql-slow-log", "slowlog", "SlowLogExtractor", ("mysql-slow-log",), structured=True),
    Entry("npy", "npyfile", "NpyExtractor", ("npy",), structured=True),
    Entry("ocr-tsv", "ocrtsv", "OcrTsvExtractor", ("ocr-tsv",)),
    Entry("odt", "odt", "OdtExtractor", ("odt",)),
    Entry("openpgp", "openpgp", "OpenPgpExtractor", ("openpgp",)),
    Entry("parquet", "parquet", "ParquetExtractor", ("parquet",), structured=True),
    Entry("pcap", "pcap", "PcapExtractor", ("pcap",)),
    Entry("pcl", "pcl", "PclExtractor", ("pcl",)),
    Entry("pdf", "pdf", "PdfExtractor", ("pdf",)),
    Entry("pdf-fields", "pdffields", "PdfFieldsExtractor", ("pdf-fields",), structured=True),
    Entry("pg-copy", "pgcopy", "PgCopyExtractor", ("pg-copy",), structured=True),
    Entry("pg-csvlog", "pgcsvlog", "PgCsvlogExtractor", ("pg-csvlog",), structured=True),
    Entry("pg-dump", "pgdump", "PgDumpExtractor", ("pg-dump",), structured=True),
    Entry("php-session", "phpsession", "PhpSessionExtractor", ("php-session",), structured=True),
    Entry("pickle", "pickled", "PickleExtractor", ("pickle",), structured=True),
    Entry("plist", "binaryplist", "BinaryPlistExtractor", ("plist",), structured=True),
    Entry("postscript", "postscript", "PostScriptExtractor", ("postscript",)),
    Entry("pptx", "pptx", "PptxExtractor", ("pptx",)),
    Entry("protobuf", "protobuf", "ProtobufExtractor", ("protobuf",), structured=True),
    Entry("pyc", "pycfile", "PycExtractor", ("pyc",)),
    Entry("rdata", "rdata", "RDataExtractor", ("rdata",), structured=True),
    Entry("recycle-bin", "recyclebin", "RecycleBinExtractor", ("recycle-bin",), structured=True),
    Entry("redis-rdb", "redisrdb", "RedisRdbExtractor", ("redis-rdb",), structured=True),
    Entry("reg", "regedit", "RegistryExtractor", ("reg",)),
    Entry("rtf", "rtf", "RtfExtractor", ("rtf",)),
    Entry(
        "sentry-envelope",
        "sentryenvelope",
        "SentryEnvelopeExtractor",
        ("sentry-envelope",),
        structured=True,
    ),
    Entry("sequencefile", "seqfile", "SequenceFileExtractor", ("sequencefile",), structured=True),
    Entry("snappy", "snappyfile", "SnappyExtractor", ("snappy",)),
    Entry(
        "spark-eventlog", "sparklog", "SparkEventLogExtractor", ("spark-eventlog",), structured=True
    ),
    Entry(
        "spreadsheet",
        "spreadsheet",
        "SpreadsheetExtractor",
        ("ods", "xls", "xlsx"),
        structured=True,
    ),
    Entry(
        "spreadsheetml",
        "spreadsheetml",
        "SpreadsheetMLExtractor",
        ("spreadsheetml",),
        structured=True,
    ),
    Entry("sql", "sql", "SqlExtractor", ("sql",), structured=True),
    Entry("sqlite", "sqlite", "SqliteExtractor", ("sqlite",), structured=True),
    Entry("sqlite-wal", "sqlitewal", "SqliteWalExtractor", ("sqlite-wal",), structured=True),
    Entry("sqlldr", "sqlldr", "SqlLoaderExtractor", ("sqlldr",), structured=True),
    Entry(
        "statdata", "statdata", "StatDataExtractor", ("sas-xport", "spss", "stata"), structured=True
    ),
    Entry("svg", "svg", "SvgExtractor", ("svg",), structured=True),
    Entry("sylk", "sylk", "SylkExtractor", ("sylk",), structured=True),
    Entry("text", "text", "TextExtractor", ("text",)),
    Entry("tnef", "tnef", "TnefExtractor", ("tnef",)),
    Entry("turtle", "turtle", "TurtleExtractor", ("turtle",), structured=True),
    Entry(
        "typed-records",
        "typedrecords",
        "TypedRecordsExtractor",
        ("typed-records",),
        structured=True,
    ),
    Entry("typedstream", "typedstream", "TypedstreamExtractor", ("typedstream",)),
    Entry("uuencode", "uuencode", "UuencodeExtractor", ("uuencode",)),
    Entry("vcard", "vcard", "VcardExtractor", ("vcard",), structured=True),
    Entry("vim-swap", "vimswap", "VimSwapExtractor", ("vim-swap",)),
    Entry("w3c-log", "w3clog", "W3cLogExtractor", ("w3c-log",)),
    Entry("warc", "warc", "WarcExtractor", ("warc",)),
    Entry("wordml", "wordml", "WordMlExtractor", ("wordml",)),
    Entry("xml", "xml", "XmlExtractor", ("xml",), structured=True),
    Entry("xps", "xps", "XpsExtractor", ("xps",)),
    Entry("zpl", "zpl", "ZplExtractor", ("zpl",)),
)
"""Built-in extractors, by id (written by :func:`render`)."""
