"""Group the findings of one free-text part (a page, an e-mail body) into person mentions.

Person names anchor mentions. Adjacent name findings (``Jansen`` + ``J.M.``) form one
occurrence; occurrences of a compatible name in the same part (same surname core, no
conflicting initials) are one person. Every other finding joins the nearest occurrence
within ``text_window`` characters after a name or ``text_window_before`` before one,
preferring the name before it (records read "name, then details"), unless that person
already holds a different value of the same kind and the next one does not.

Names that are a provider's (next to an AGB code, equal to a provider name in the part,
or a provider known elsewhere in the case) become the provider of the mention they belong
to, not a person. In a part without any person name, each valid BSN (else each e-mail
address) anchors a mention instead. Findings that reach no anchor are unattributed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from breachscope.assemble.build import Piece, is_identifying
from breachscope.assemble.names import fold, parse_name, surname_cores
from breachscope.assemble.providers import ProviderNames, name_key
from breachscope.config import ResolveSettings

ADJACENT_CHARS = 3
"""Name findings at most this far apart belong to one written name."""
SINGLE_VALUED = frozenset({"bsn", "date_of_birth", "postcode", "street", "house_number", "city",
                           "email", "phone", "iban"})  # fmt: skip


@dataclass
class _Occurrence:
    pieces: list[Piece]
    start: int
    end: int
    person: int = -1


class _Occurrences:
    """A part's name occurrences in text order, found by position in logarithmic time (a
    log part holds thousands: a scan of them per finding made assembly quadratic). They
    do not overlap, so their ends ascend as their starts do."""

    __slots__ = ("all", "ends", "starts")

    def __init__(self, occurrences: list[_Occurrence]) -> None:
        self.all = occurrences
        self.starts = [o.start for o in occurrences]
        self.ends = [o.end for o in occurrences]

    def starting_by(self, pos: int) -> _Occurrence | None:
        """The last occurrence that starts at or before ``pos``."""
        i = bisect_right(self.starts, pos)
        return self.all[i - 1] if i else None

    def starting_after(self, pos: int) -> _Occurrence | None:
        """The first occurrence that starts after ``pos``."""
        i = bisect_right(self.starts, pos)
        return self.all[i] if i < len(self.all) else None

    def ended_by(self, pos: int) -> _Occurrence | None:
        """The last occurrence that ends at or before ``pos``."""
        i = bisect_right(self.ends, pos)
        return self.all[i - 1] if i else None


@dataclass
class _Person:
    occurrences: list[_Occurrence] = field(default_factory=list)
    attached: list[Piece] = field(default_factory=list)
    cores: set[str] = field(default_factory=set)
    initials: str = ""
    identity: dict[str, str] = field(default_factory=dict)
    """The dates of birth and BSNs right after its names (see :func:`_identities`)."""

    def has_other(self, piece: Piece) -> bool:
        return any(p.role == piece.role and p.value != piece.value for p in self.attached)


def _name_key(pieces: list[Piece]) -> tuple[set[str], str]:
    text = " ".join(p.value for p in pieces if p.role != "initials")
    parsed = parse_name(text)
    inits = "".join(p.value for p in pieces if p.role == "initials")
    letters = fold(inits or parsed.initials or "").replace(".", "").replace(" ", "")
    cores = set(surname_cores(parsed.surname or text))
    return cores, letters


def _compatible(a: _Person, cores: set[str], initials: str) -> bool:
    if not (a.cores & cores):
        return False
    if a.initials and initials:
        return a.initials.startswith(initials) or initials.startswith(a.initials)
    return True


def _provider_names(pieces: list[Piece]) -> ProviderNames:
    here = ProviderNames()
    for p in pieces:
        if p.role == "provider_name":
            here.add(name_key(p.value))
    return here


IDENTITY_REACH = 80
"""How far (characters) after a name its date of birth or BSN may begin."""
IDENTITY_ROLES = ("date_of_birth", "bsn")


def _after_address(end: int, addresses: list[Piece], starts: list[int]) -> int:
    """The end of the address right after a name (``G.A.F. van Delft Groenstraat 5 3202WD
    Spijkenisse``: its pieces each within :data:`ADJACENT_CHARS` of the one before), or
    ``end`` where none follows (``addresses`` sorted by start, ``starts`` theirs)."""
    i = bisect_right(starts, end)
    while i < len(addresses) and addresses[i].start <= end + ADJACENT_CHARS:
        end = max(end, addresses[i].end)
        i += 1
    return end


def _identity_after(pos: int, identities: list[int], name_starts: list[int]) -> bool:
    """Whether a date of birth or BSN begins within :data:`IDENTITY_REACH` after ``pos``
    with none of ``name_starts`` before it."""
    k = bisect_right(identities, pos)
    if not (k < len(identities) and identities[k] - pos <= IDENTITY_REACH):
        return False
    j = bisect_right(name_starts, pos)
    return not (j < len(name_starts) and name_starts[j] < identities[k])


def _is_provider_name(
    name: Piece,
    here: ProviderNames,
    known: ProviderNames | None,
    providers: list[Piece],
    starts: list[int],
    identities: list[int],
    reach_from: int,
    name_starts: list[int],
) -> bool:
    """``providers``: the part's provider findings sorted by start; ``starts`` theirs;
    ``identities``: the starts of its dates of birth and BSNs, sorted; ``reach_from``: the
    end of the address right after the name (:func:`_after_address`); ``name_starts``:
    the starts of the part's names, sorted.

    A name that a provider of the part or of the case bears is the provider's, unless a
    date of birth or a BSN follows it (``geregistreerd voor dhr. S van de Riet (geb. 11
    maart 1965, BSN ...)``), or follows the address right after it with no other name
    between (a letter's addressee block: name, street, postcode and city, then
    ``Geboortedatum: ...``): a patient who shares a GP's initial and surname."""
    if name.data_class == "provider":
        return True
    named = here.matches(name.value) or (known is not None and known.matches(name.value))
    if (
        named
        and not _identity_after(name.end, identities, [])
        and not (reach_from > name.end and _identity_after(reach_from, identities, name_starts))
    ):
        return True
    # overlapping a provider finding, or one right after it ('Huisarts A. Bakker (AGB
    # 01234567)'); not one that ends right before it: '... (AGB 01278257)' closes the line
    # above 'van Hoeve, M.I.L., geboren ...', the next patient
    i = bisect_right(starts, name.end + ADJACENT_CHARS)
    return any(p.end > name.start for p in providers[max(0, i - 8) : i])


@dataclass(frozen=True, slots=True)
class TextGroups:
    """One part's findings grouped: the mentions, and the findings no person takes."""

    mentions: list[list[Piece]]
    unattributed: list[Piece]
    """Findings with no person name near them."""
    providers_contacts: list[Piece]
    """Phone numbers and e-mail addresses after a care provider's name (see
    :data:`CONTACT_ROLES`): the provider's, or a writer's whom a provider's name hides."""


CONTACT_ROLES = frozenset({"phone", "email"})
"""Contact details: where a provider's name stands between a person's name and one of
these (``Met vriendelijke groet, C. Visser`` over ``T 06...`` and ``E ...@...``; ``dr.
Smit, tel. 030 ...``), it is not the person's. Other values (a date of birth, a BSN, a
result) never belong to a provider and still join the person."""


def group_text_part(
    pieces: list[Piece], settings: ResolveSettings, known: ProviderNames | None = None
) -> TextGroups:
    """Split one part's findings into mentions (see :class:`TextGroups`)."""
    pieces = sorted(pieces, key=lambda p: (p.start, p.end))
    here = _provider_names(pieces)
    provider_pieces = [p for p in pieces if p.data_class == "provider"]
    starts = [p.start for p in provider_pieces]
    identity_pieces = [p for p in pieces if p.role in IDENTITY_ROLES]
    identities = [p.start for p in identity_pieces]
    addresses = [p for p in pieces if p.data_class == "address"]
    address_starts = [p.start for p in addresses]
    name_starts = [p.start for p in pieces if p.data_class == "name"]
    names: list[Piece] = []
    rest: list[Piece] = []
    for p in pieces:
        if p.data_class == "name":
            reach_from = _after_address(p.end, addresses, address_starts)
            if _is_provider_name(
                p, here, known, provider_pieces, starts, identities, reach_from, name_starts
            ):
                rest.append(replace(p, data_class="provider", kind="provider_name"))
            else:
                names.append(p)
        else:
            rest.append(p)
    occurrences = _occurrences(names)
    if occurrences:
        people = _people(occurrences, _identities(occurrences, identity_pieces))
    else:  # no name: every valid BSN (or else the e-mail address) anchors a person
        anchors = [p for p in rest if p.role == "bsn" and is_identifying([p])]
        anchors = anchors or [p for p in rest if p.role == "email"]
        occurrences = [_Occurrence([p], p.start, p.end) for p in anchors]
        people = _people_by_value(occurrences)
        rest = [p for p in rest if p not in anchors]
    unattributed: list[Piece] = []
    contacts: list[Piece] = []
    provider_ends = sorted(p.end for p in rest if p.role in ("provider_name", "provider_agb"))
    lead = {  # a provider's pieces (a name and its AGB code) go where its first one goes
        id(q): g[0]
        for g in _provider_groups([p for p in rest if p.data_class == "provider"])
        for q in g
    }
    index = _Occurrences(occurrences)
    for p in rest:
        occ = _nearest(index, people, lead.get(id(p), p), settings)
        if occ is None:
            named = _named_by_address(p, index, people)
            if named is None:
                unattributed.append(p)
            else:
                people[named].attached.append(p)
        elif p.role in CONTACT_ROLES and _after_provider(p, index, provider_ends, settings):
            contacts.append(p)
        else:
            people[occ.person].attached.append(p)
    if occurrences:
        _providers_to_their_block(people, index, settings)
    mentions = [
        [q for o in person.occurrences for q in o.pieces] + person.attached for person in people
    ]
    return TextGroups(mentions, unattributed, contacts)


EMAIL_NAME_BEFORE = 2000
"""How far before an e-mail address with no name near it a person's name may stand for
:func:`_named_by_address` (a log's mailer line some twenty lines below the patient's)."""
EMAIL_NAME_AFTER = 400
"""How far after it."""
_NOT_LETTERS = re.compile(r"[^a-z]+")


def _named_by_address(piece: Piece, index: _Occurrences, people: list[_Person]) -> int | None:
    """The person an e-mail address with no name near it names: the only one whose name
    stands within :data:`EMAIL_NAME_BEFORE` characters before it (or
    :data:`EMAIL_NAME_AFTER` after) and who has a surname word inside the address's local
    part (:func:`_in_address`: ``reinema.s59@planet.nl`` and ``S. Reinema-Gerritsen``
    eight log lines up). None where no one or several people do."""
    if piece.role != "email" or not index.all:
        return None
    runs = [r for r in _NOT_LETTERS.split(fold(piece.value.partition("@")[0])) if len(r) >= 4]
    if not runs:
        return None
    lo = bisect_right(index.starts, piece.start - EMAIL_NAME_BEFORE)
    hi = bisect_right(index.starts, piece.end + EMAIL_NAME_AFTER)
    named = {
        o.person
        for o in index.all[lo:hi]
        if any(_in_address(c, r) for c in people[o.person].cores for r in runs)
    }
    return named.pop() if len(named) == 1 else None


_JOINED_PREFIX = re.compile(r"(?:van|de|der|den|te|ter|ten|het|t|in|op|el|al)+$")
"""Tussenvoegsels written together before a short surname in an address (``vandam``)."""


def _in_address(core: str, run: str) -> bool:
    """Whether a surname word is in a run of letters of an address's local part: one of
    four letters or more anywhere, a shorter one after its tussenvoegsels
    (``a.vandam`` of ``A. van Dam``)."""
    if len(core) >= 4:
        return core in run
    at = run.find(core)
    return len(core) == 3 and at > 0 and _JOINED_PREFIX.fullmatch(run, 0, at) is not None


PROVIDER_GAP = 24
"""Provider findings at most this far apart are one provider (``Reijnders, D.T.J. (AGB
01664628)``: a name and its code)."""


def _provider_groups(pieces: list[Piece]) -> list[list[Piece]]:
    groups: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda q: (q.start, q.end)):
        if groups and p.start - max(q.end for q in groups[-1]) <= PROVIDER_GAP:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _providers_to_their_block(
    people: list[_Person], index: _Occurrences, settings: ResolveSettings
) -> None:
    """A list of patients, each block ending with its requester (``Patiënt: ...`` lines,
    then ``Aanvrager: Reijnders, D.T.J. (AGB ...)``, then the next ``Patiënt:``): a
    requester closing one block stands nearer the next patient's name than its own. Where
    a person holds a provider before her first name and another after it (or no date of
    birth or BSN at all: a signature's name after the last block), and the person whose
    name comes before that provider holds none between her name and it, the provider is
    that person's. From the last person back, so that a whole list shifts into place."""
    first = [min(o.start for o in person.occurrences) for person in people]
    for b in sorted(range(len(people)), key=lambda i: -first[i]):
        person = people[b]
        groups = _provider_groups([p for p in person.attached if p.data_class == "provider"])
        keeps = any(g[0].start >= first[b] for g in groups)
        if not keeps and any(p.role in IDENTITY_ROLES for p in person.attached):
            continue
        for g in groups:
            if g[-1].end > first[b]:
                continue
            prev = index.ended_by(g[0].start)
            if prev is None or prev.person == b or g[0].start - prev.end > settings.text_window:
                continue
            a = people[prev.person]
            if any(
                p.data_class == "provider" and prev.end <= p.start < g[0].start for p in a.attached
            ):
                continue  # her own block's requester (one further down is no block's)
            moved = {id(p) for p in g}
            person.attached = [p for p in person.attached if id(p) not in moved]
            a.attached.extend(g)


def _after_provider(
    piece: Piece, index: _Occurrences, provider_ends: list[int], settings: ResolveSettings
) -> bool:
    """Whether a provider's name (or AGB code) stands between ``piece`` and the last
    person's name before it, within :attr:`ResolveSettings.text_window`."""
    k = bisect_right(provider_ends, piece.start) - 1
    if k < 0 or piece.start - provider_ends[k] > settings.text_window:
        return False
    prev = index.ended_by(piece.start)
    return prev is None or provider_ends[k] > prev.end


def _occurrences(names: list[Piece]) -> list[_Occurrence]:
    out: list[_Occurrence] = []
    for p in names:
        last = out[-1] if out else None
        if (
            last
            and p.start <= last.end + ADJACENT_CHARS
            and not any(q.role == p.role for q in last.pieces)
        ):
            last.pieces.append(p)
            last.end = max(last.end, p.end)
        elif last and p.start < last.end:  # overlapping duplicate: keep the longer one
            if p.end - p.start > last.end - last.start and len(last.pieces) == 1:
                out[-1] = _Occurrence([p], p.start, p.end)
        else:
            out.append(_Occurrence([p], p.start, p.end))
    return out


def _identities(
    occurrences: list[_Occurrence], identity_pieces: list[Piece]
) -> list[dict[str, str]]:
    """Per occurrence, the date of birth and BSN that follow it within
    :data:`IDENTITY_REACH` characters, before the next occurrence (``mevr. I Gijsbers
    (geb. 14 april 1994, BSN ...)``)."""
    out: list[dict[str, str]] = []
    starts = [p.start for p in identity_pieces]
    for i, occ in enumerate(occurrences):
        stop = occ.end + IDENTITY_REACH
        if i + 1 < len(occurrences):
            stop = min(stop, occurrences[i + 1].start)
        found: dict[str, str] = {}
        j = bisect_right(starts, occ.end - 1)
        while j < len(identity_pieces) and identity_pieces[j].start <= stop:
            found.setdefault(identity_pieces[j].role, identity_pieces[j].value)
            j += 1
        out.append(found)
    return out


def _people(
    occurrences: list[_Occurrence], identities: list[dict[str, str]] | None = None
) -> list[_Person]:
    """Occurrences with compatible names are one person, unless the dates of birth or
    BSNs right after them differ (a log names ``I Gijsbers`` and ``IJ Kowalski-Gijsbers``,
    each with her own)."""
    people: list[_Person] = []
    by_core: dict[str, list[int]] = {}  # compatible people share a core: only they are asked
    for k, occ in enumerate(occurrences):
        cores, initials = _name_key(occ.pieces)
        own = identities[k] if identities else {}
        match = next(
            (
                i
                for i in sorted({i for c in cores for i in by_core.get(c, ())})
                if _compatible(people[i], cores, initials)
                and not any(people[i].identity.get(r, v) != v for r, v in own.items())
            ),
            None,
        )
        if match is None:
            people.append(_Person(initials=initials))
            match = len(people) - 1
        person = people[match]
        for role, value in own.items():
            person.identity.setdefault(role, value)
        if len(initials) > len(person.initials):
            person.initials = initials
        for c in cores - person.cores:
            by_core.setdefault(c, []).append(match)
        person.cores |= cores
        person.occurrences.append(occ)
        occ.person = match
    return people


def _people_by_value(occurrences: list[_Occurrence]) -> list[_Person]:
    people: list[_Person] = []
    index: dict[str, int] = {}
    for occ in occurrences:
        key = occ.pieces[0].value
        if key not in index:
            index[key] = len(people)
            people.append(_Person())
        occ.person = index[key]
        people[occ.person].occurrences.append(occ)
    return people


def _nearest(
    index: _Occurrences, people: list[_Person], piece: Piece, settings: ResolveSettings
) -> _Occurrence | None:
    prev = index.starting_by(piece.start)
    nxt = index.starting_after(piece.start)
    d_prev = piece.start - prev.end if prev else None
    d_next = nxt.start - piece.end if nxt else None
    cands: list[tuple[float, _Occurrence]] = []
    if prev is not None and d_prev is not None and d_prev <= settings.text_window:
        cands.append((max(d_prev, 0), prev))
    if nxt is not None and d_next is not None and d_next <= settings.text_window_before:
        cands.append((max(d_next, 0) * settings.prefer_previous, nxt))
    if not cands:
        return None
    cands.sort(key=lambda c: c[0])
    best = cands[0][1]
    if piece.role in SINGLE_VALUED and len(cands) > 1:
        other = cands[1][1]
        if people[best.person].has_other(piece) and not people[other.person].has_other(piece):
            best = other
    return best
