#!/usr/bin/env python3
# generate-lists.py -- regenerate Amparo's choice lists in forms/lists/*.yaml
#
# What it does
#   Writes these files next to this script, in the strict list format the form
#   loader reads (comment header, `list: <id>`, `choices:` with value + label
#   en/es, then any attributes of the choice -- string-valued keys such as
#   `province:` that choice_filter expressions read -- and `retired: true`
#   for a choice kept for old records but no longer offered; every string
#   scalar double-quoted):
#     countries.yaml          ISO 3166-1 countries, value = alpha-3 code
#     nationalities.yaml      the same countries plus ICAO Doc 9303 codes XXA
#                             (stateless) and XXX (unknown) at the top
#     languages.yaml          living languages from ISO 639-3 that have an
#                             ISO 639-2 code, plus languages of mixed movements
#                             through Panama and of Panama's indigenous peoples
#     panama_provinces.yaml   Panama's provinces and indigenous comarcas,
#                             value = ISO 3166-2 code
#     border_posts.yaml       places of entry used by the Servicio Nacional de
#                             Migración (hand-maintained table in this script)
#     panama_districts.yaml   Panama's districts, each with a `province`
#                             attribute (a value of panama_provinces.yaml) for
#                             cascading pickers (hand-maintained table in this
#                             script: iso-codes has no districts)
#     institutions.yaml       the institutions Amparo serves, each with a `kind`
#                             attribute (hand-maintained table in this script)
#   Sorting uses a locale-independent key (accents folded, case folded), so the
#   output is byte-for-byte reproducible on any machine with the same data.
#
# Where the data comes from
#   Debian package `iso-codes` 4.15.0-1 (upstream iso-codes 4.15.0,
#   https://salsa.debian.org/iso-codes-team/iso-codes, licence LGPL-2.1+):
#     /usr/share/iso-codes/json/iso_3166-1.json, iso_3166-2.json,
#     iso_639-2.json, iso_639-3.json  (codes and English names)
#     /usr/share/locale/es/LC_MESSAGES/iso_3166-1.mo, iso_3166-2.mo,
#     iso_639-3.mo, iso_639-2.mo      (Spanish names, read with `gettext`)
#   The version actually used is read at run time from the package changelog
#   and written into each generated file's header.
#   Districts: the political-administrative division of the 2023 Censo de
#   Población y Vivienda (INEC, Contraloría General de la República), typed in
#   by hand; see the DISTRICTS table.  Institutions: hand-maintained, see the
#   INSTITUTIONS table.  Neither uses iso-codes.
#   A few Spanish names in that iso-codes release are missing or wrong
#   (e.g. "Algeria", "Tunez", "Árábe", "Ukranio"); those, and labels for
#   entries iso-codes lacks, are corrected in the *_OVERRIDES / *_EXTRA tables
#   below, each with its reason.  Fix them upstream and drop them here when a
#   newer iso-codes carries the fix.
#
# How to rerun it
#   On Debian/Ubuntu:  apt-get install iso-codes
#   From the top of the source tree:  python3 forms/lists/generate-lists.py
#   Python 3 standard library only.  Commit the regenerated *.yaml files.
#   Environment overrides: ISO_CODES_JSON (default /usr/share/iso-codes/json),
#   ISO_CODES_LOCALEDIR (default /usr/share/locale).

import gettext
import gzip
import json
import os
import re
import sys
import unicodedata

JSON_DIR = os.environ.get("ISO_CODES_JSON", "/usr/share/iso-codes/json")
LOCALE_DIR = os.environ.get("ISO_CODES_LOCALEDIR", "/usr/share/locale")
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
SCRIPT = "forms/lists/generate-lists.py"


# ---------------------------------------------------------------- helpers

def iso_codes_version():
    """Version of the installed iso-codes data, e.g. '4.15.0-1'."""
    for path in ("/usr/share/doc/iso-codes/changelog.Debian.gz",):
        try:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                m = re.match(r"iso-codes \(([^)]+)\)", f.readline())
                if m:
                    return m.group(1)
        except OSError:
            pass
    try:
        import subprocess
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "iso-codes"],
                             capture_output=True, text=True, check=True).stdout
        if out.strip():
            return out.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "unknown version"


def load(standard):
    with open(os.path.join(JSON_DIR, "iso_%s.json" % standard), encoding="utf-8") as f:
        return json.load(f)[standard]


class _Missing(gettext.NullTranslations):
    """Fallback that makes an untranslated message detectable (returns None)."""
    def gettext(self, message):
        return None


def spanish(domain):
    """Return a function msgid -> Spanish translation, or None if untranslated."""
    t = gettext.translation(domain, LOCALE_DIR, ["es"])
    t.add_fallback(_Missing())

    def tr(msgid):
        if not msgid:
            return None
        s = t.gettext(msgid)
        return s if s else None
    return tr


def fold(s):
    """Locale-independent sort key: strip accents, fold case."""
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def ucfirst(s):
    return s[:1].upper() + s[1:]


def q(s):
    """Double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


ATTR_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
ID_MAX = 64     # longest choice value, in bytes, the form loader accepts (src/form-load.c)


def write_list(list_id, header, choices, unique_labels_within=None):
    """Write forms/lists/<list_id>.yaml.

    choices: tuples (value, en, es) or (value, en, es, attrs), where attrs is
    a dict of extra attributes written after the label, in its order: string
    values (keys [a-z][a-z0-9_]*, not value/label), plus "retired": True for
    a choice kept for old records but not offered any more.
    unique_labels_within: name of an attribute; duplicate labels are then
    only reported among choices with the same value of it (e.g. two districts
    called Santa Fe in different provinces are fine).
    """
    values = [c[0] for c in choices]
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        sys.exit("%s: duplicate values %s" % (list_id, dupes))
    long_ = [v for v in values
             if not v or len(v.encode("utf-8")) > ID_MAX or "\t" in v]
    if long_:
        sys.exit("%s: values empty, longer than %d or with tabs: %s"
                 % (list_id, ID_MAX, long_))
    for c in choices:
        for k, v in (c[3] if len(c) > 3 else {}).items():
            if k == "retired":
                if v is not True:
                    sys.exit("%s: %s: retired must be True" % (list_id, c[0]))
            elif (not ATTR_KEY.match(k) or k in ("value", "label")
                  or not isinstance(v, str) or not v):
                sys.exit("%s: %s: bad attribute %r: %r" % (list_id, c[0], k, v))
    for lang in (1, 2):
        def group(c):
            if unique_labels_within is None:
                return None
            return (c[3] if len(c) > 3 else {}).get(unique_labels_within)
        labels = [(group(c), c[lang]) for c in choices]
        d = sorted({x[1] for x in labels if labels.count(x) > 1})
        if d:
            print("warning: %s: duplicate %s labels: %s"
                  % (list_id, "en" if lang == 1 else "es", d), file=sys.stderr)
    lines = ["# " + h if h else "#" for h in header]
    lines.append("# Generated by %s -- do not edit by hand; edit the script and rerun"
                 % SCRIPT)
    lines.append("# (python3 %s)." % SCRIPT)
    lines.append("list: " + list_id)
    lines.append("choices:")
    for c in choices:
        value, en, es = c[:3]
        lines.append("  - value: " + q(value))
        lines.append("    label:")
        lines.append("      en: " + q(en))
        lines.append("      es: " + q(es))
        for k, v in (c[3] if len(c) > 3 else {}).items():
            lines.append("    %s: %s" % (k, "true" if v is True else q(v)))
    path = os.path.join(OUT_DIR, list_id + ".yaml")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print("%s: %d choices" % (os.path.relpath(path), len(choices)))


VERSION = iso_codes_version()
SOURCE = "Debian iso-codes %s (LGPL-2.1+)" % VERSION


# ---------------------------------------------------------------- countries

# Spanish labels corrected by hand.  Reason for each: iso-codes 4.15.0 has
# no Spanish for the English common name (only for the long official form,
# which reads badly in a picker), has no translation at all, or has a typo.
COUNTRY_ES_OVERRIDES = {
    "ALA": "Islas Åland",        # iso-codes: "Islas Äland" (wrong letter)
    "CIV": "Costa de Marfil",    # iso-codes: "Costa de Marfíl" (spurious accent)
    "DZA": "Argelia",            # iso-codes: "Algeria" (untranslated)
    "IRN": "Irán",               # common name "Iran" untranslated
    "KOR": "Corea del Sur",      # common name "South Korea" untranslated
    "LAO": "Laos",               # common name "Laos" untranslated
    "NER": "Níger",              # iso-codes: "Niger" (missing accent)
    "PRK": "Corea del Norte",    # common name "North Korea" untranslated
    "SUR": "Surinam",            # iso-codes: "Surinám" (spurious accent)
    "SXM": "San Martín (parte neerlandesa)",  # iso-codes typo "holandsea"
    "SYR": "Siria",              # common name "Syria" untranslated
    "TUN": "Túnez",              # iso-codes: "Tunez" (missing accent)
    "TUR": "Turquía",            # "Türkiye" has no Spanish translation at all
    "VGB": "Islas Vírgenes Británicas",          # iso-codes: "Islas Vírgenes, Británicas"
    "VIR": "Islas Vírgenes de los Estados Unidos",  # iso-codes: "Islas Vírgenes, de EEUU"
}


def countries():
    tr = spanish("iso_3166-1")
    out = []
    for e in load("3166-1"):
        code = e["alpha_3"]
        en = e.get("common_name", e["name"])
        es = (COUNTRY_ES_OVERRIDES.get(code) or tr(en) or tr(e["name"]) or en)
        out.append((code, en, es))
    out.sort(key=lambda c: (fold(c[2]), c[2], c[0]))
    return out


def write_countries(rows):
    write_list("countries", [
        "Countries and territories: every entry of ISO 3166-1; value = alpha-3 code.",
        "English label = iso-codes common_name (else name); Spanish label = its",
        "translation in the iso_3166-1 gettext domain (else the translation of the",
        "official name, else English), with %d hand corrections listed in the script."
        % len(COUNTRY_ES_OVERRIDES),
        "Source: %s. Sorted by Spanish label, accents folded." % SOURCE,
    ], rows)


def write_nationalities(rows):
    extra = [
        ("XXA", "Stateless", "Apátrida"),
        ("XXX", "Unknown or undetermined", "Desconocida o indeterminada"),
    ]
    write_list("nationalities", [
        "Nationalities: the ISO 3166-1 alpha-3 codes of countries.yaml (same labels,",
        "same order), preceded by two codes that are not in ISO 3166-1 but are",
        "defined by ICAO Doc 9303 (Machine Readable Travel Documents, part 3) for",
        "the nationality field of travel documents: XXA = stateless person (as",
        "defined in art. 1 of the 1954 Convention relating to the Status of",
        "Stateless Persons) and XXX = person of unspecified nationality.",
        "Source: %s, plus ICAO Doc 9303." % SOURCE,
    ], extra + rows)


# ---------------------------------------------------------------- languages

# Languages relevant to mixed movements through Panama and to Panama's
# indigenous peoples, kept even if not in ISO 639-2 or not "individual".
LANG_EXPLICIT = [
    "hat", "spa", "eng", "fra", "por", "ara", "wol", "hin", "nep", "ben",
    "urd", "pan", "tam", "cmn", "rus", "tur", "amh", "tir", "som", "pus",
    "prs", "fas", "gym", "cuk", "kvn", "emp", "cmi", "noa", "sab", "tfr",
    "bzd", "que", "cab", "miq",
]
LANG_FIRST = ["spa", "eng", "hat", "fra", "por"]

# English labels replaced by hand (ISO reference names that read badly).
LANG_EN_OVERRIDES = {
    "hat": "Haitian Creole",            # ISO name "Haitian"
    "noa": "Woun Meu (Wounaan)",        # known in Panama as Wounaan
    "pan": "Punjabi",                   # ISO name "Panjabi"; Punjabi is the usual spelling
    "pus": "Pashto",                    # ISO name "Pushto"; Pashto is the usual spelling
    "tfr": "Teribe (Naso)",             # spoken by the Naso people
}

# Spanish labels replaced by hand: missing in iso-codes 4.15.0, misspelt,
# or given in French/another language by the translation.
LANG_ES_OVERRIDES = {
    "amh": "Amárico",                   # iso-codes: "Ámárico"
    "ara": "Árabe",                     # iso-codes: "Árábe"
    "asm": "Asamés",                    # iso-codes: "Assamais" (French)
    "aze": "Azerbaiyano",               # iso-codes: "Azerbayano"
    "bzd": "Bribri",                    # no translation
    "cab": "Garífuna",                  # no translation
    "cmi": "Emberá chamí",              # no translation
    "cmn": "Chino mandarín",            # no translation
    "cuk": "Guna (San Blas)",           # no translation; "Guna" is Panama's official spelling
    "den": "Slave (atabascano)",        # iso-codes: "Eslavo (Athapascan)" (wrong: not Slavic)
    "dsb": "Bajo sorbio",               # iso-codes: "Serbio Baja Edad Media" (wrong)
    "emp": "Emberá del norte",          # no translation
    "ell": "Griego moderno",            # iso-codes: "Griego Moderno (>1453)"
    "fij": "Fiyiano",                   # iso-codes: "Fidji" (French)
    "ful": "Fula",                      # iso-codes: "Fulah" (English)
    "gla": "Gaélico escocés",           # iso-codes: "Gaélico, escocés gaélico"
    "gym": "Ngäbere",                   # no translation
    "hat": "Criollo haitiano",          # iso-codes 639-2: "Haitiano; criollo haitiano"
    "hau": "Hausa",                     # iso-codes: "Haussa" (French)
    "hsb": "Alto sorbio",               # iso-codes: "Serbio Alta Edad Media" (wrong)
    "jrb": "Judeoárabe",                # iso-codes: "Judeo-Árabigo"
    "kas": "Cachemir",                  # iso-codes: "Kashmir"
    "kaz": "Kazajo",                    # iso-codes: "Kazako"
    "khm": "Jemer",                     # iso-codes: "Camboyano (jémer) central"
    "kvn": "Guna fronterizo",           # no translation (Border Kuna)
    "mal": "Malayalam",                 # iso-codes: "malabar"
    "mar": "Maratí",                    # iso-codes: "Marath"
    "miq": "Miskito",                   # no translation
    "new": "Newari",                    # iso-codes 639-2: "Nepal Bhasa; Newari"
    "noa": "Wounaan (woun meu)",        # no translation
    "nob": "Noruego bokmål",            # iso-codes 639-2: "Bokmål, Noruego; ..."
    "prs": "Darí",                      # no translation
    "pus": "Pastún",                    # iso-codes: "Pashtún"
    "roh": "Romanche",                  # iso-codes: "Romaní" (that is Romany, rom)
    "run": "Kirundi",                   # iso-codes: "Kiroundi" (French)
    "sab": "Buglere",                   # no translation
    "sun": "Sundanés",                  # iso-codes: "Sondanés"
    "swa": "Suajili",                   # iso-codes: "Swahili" (English)
    "tat": "Tártaro",                   # iso-codes: "Tataro"
    "tfr": "Naso (teribe)",             # no translation
    "tgk": "Tayiko",                    # iso-codes: "Tajiko"
    "tsn": "Tswana",                    # iso-codes: "Setchwana" (French)
    "twi": "Twi",                       # iso-codes: "Tchi" (French)
    "ukr": "Ucraniano",                 # iso-codes: "Ukranio"
    "wal": "Wolaita",                   # iso-codes 639-2: "Wolaita, Wolayitigna, Wolaitatuwa"
}


def languages():
    d3 = load("639-3")
    d2 = load("639-2")
    names2 = {}
    for e in d2:
        names2[e["alpha_3"]] = e["name"]
        if "bibliographic" in e:
            names2[e["bibliographic"]] = e["name"]
    by_code = {e["alpha_3"]: e for e in d3}
    for code in LANG_EXPLICIT:
        if code not in by_code or by_code[code].get("type") != "L":
            sys.exit("languages: %s is not a living ISO 639-3 language" % code)

    selected = set(LANG_EXPLICIT)
    for e in d3:
        # Living languages, individual or macrolanguage (ISO 639-2 treats
        # e.g. Arabic, Swahili, Persian, Chinese as single languages).
        if e.get("type") == "L" and e.get("scope") in ("I", "M") and (
                e["alpha_3"] in names2 or e.get("bibliographic") in names2):
            selected.add(e["alpha_3"])

    tr3 = spanish("iso_639-3")
    tr2 = spanish("iso_639-2")
    rows = []
    for code in selected:
        e = by_code[code]
        en = LANG_EN_OVERRIDES.get(code) or re.sub(r" \(macrolanguage\)$", "", e["name"])
        name2 = names2.get(code) or names2.get(e.get("bibliographic", ""))
        es2 = tr2(name2)
        if es2:
            # ISO 639-2 names list alternatives ("Spanish; Castilian"); its
            # translations do too.  Keep the first, like the single 639-3 name.
            es2 = es2.split(";")[0].strip()
        es = LANG_ES_OVERRIDES.get(code) or tr3(e["name"]) or es2 or en
        rows.append((code, en, ucfirst(es)))
    first = [next(r for r in rows if r[0] == c) for c in LANG_FIRST]
    rest = sorted((r for r in rows if r[0] not in LANG_FIRST),
                  key=lambda r: (fold(r[2]), r[2], r[0]))
    return first + rest


def write_languages(rows):
    write_list("languages", [
        "Languages: every living (type L) ISO 639-3 language, individual or macro-",
        "language, that also has an ISO 639-2 code, plus a fixed set of languages of",
        "mixed movements through Panama and of Panama's indigenous peoples (Mandarin,",
        "Dari, Ngäbere, Guna, Emberá, Wounaan, Buglere, Naso, Bribri, Garífuna,",
        "Miskito...). Value = ISO 639-3 alpha-3 code (the ISO 639-2/T code where one",
        "exists). English label = ISO 639-3 reference name; Spanish label from the",
        "iso_639-3 gettext domain, else iso_639-2, else English, with hand",
        "corrections listed in the script. Spanish, English, Haitian Creole, French",
        "and Portuguese come first; the rest is sorted by Spanish label.",
        "Source: %s." % SOURCE,
    ], rows)


# ---------------------------------------------------------------- provinces

# Comarcas: iso-codes names the indigenous regions "Emberá" and "Ngöbe-Buglé";
# we use the legal names of the comarcas (Ley 22 de 1983, Ley 10 de 1997)
# with the word "Comarca" so they are not confused with peoples or languages.
PROVINCE_LABEL_OVERRIDES = {
    "PA-EM": "Comarca Emberá-Wounaan",
    "PA-KY": "Comarca Guna Yala",
    "PA-NB": "Comarca Ngäbe-Buglé",
}

# Comarcas missing from iso-codes 4.15.0, added by hand (value, label):
#  * PA-NT Naso Tjër Di: province-level comarca created by Ley 188 de 2020;
#    ISO 3166-2 lists it as PA-NT, but iso-codes 4.15.0 does not have it yet.
#  * Madugandí (Ley 24 de 1996) and Wargandí (Ley 34 de 2000) are comarcas at
#    corregimiento level and have no ISO 3166-2 code.  ISO 3166-2 subdivision
#    suffixes have at most three characters, so "PA-X-..." values can never
#    collide with a real code assigned later.
PROVINCE_EXTRA_TOP = [
    ("PA-NT", "Comarca Naso Tjër Di"),
]
PROVINCE_EXTRA_SUB = [
    ("PA-X-MDG", "Comarca Guna de Madugandí"),
    ("PA-X-WGD", "Comarca Guna de Wargandí"),
]


def provinces():
    tr = spanish("iso_3166-2")
    provs, comarcas = [], []
    present = set()
    for e in load("3166-2"):
        if not e["code"].startswith("PA-"):
            continue
        code = e["code"]
        present.add(code)
        en = PROVINCE_LABEL_OVERRIDES.get(code, e["name"])
        es = PROVINCE_LABEL_OVERRIDES.get(code) or tr(e["name"]) or e["name"]
        (provs if e["type"] == "Province" else comarcas).append((code, en, es))
    for code, label in PROVINCE_EXTRA_TOP:
        if code in present:
            print("note: %s is now in iso-codes; drop it from PROVINCE_EXTRA_TOP"
                  % code, file=sys.stderr)
        else:
            comarcas.append((code, label, label))
    key = lambda r: (fold(r[2]), r[0])
    provs.sort(key=key)
    comarcas.sort(key=key)
    return provs + comarcas + [(c, l, l) for c, l in PROVINCE_EXTRA_SUB]


def write_provinces(rows):
    write_list("panama_provinces", [
        "Panama: the 10 provinces, then the indigenous comarcas of province rank,",
        "then the two comarcas of corregimiento rank (Madugandí, Wargandí).",
        "Value = ISO 3166-2 code. Names from the iso_3166-2 data and gettext domain",
        "of %s; comarcas carry their legal names." % SOURCE,
        "Added by hand, because that iso-codes release lacks them:",
        "  PA-NT     Naso Tjër Di (Ley 188 de 2020), code as listed by ISO 3166-2;",
        "  PA-X-MDG  Guna de Madugandí and PA-X-WGD Guna de Wargandí, which have no",
        "            ISO code (ISO 3166-2 suffixes have at most 3 characters, so a",
        "            PA-X-... value can never collide with a future ISO code).",
    ], rows)


# ---------------------------------------------------------------- border posts

# Hand-maintained.  Order: land posts on the Costa Rica border, Darién points,
# airports, seaports, other.  Values are stable slugs: never reuse or rename.
BORDER_POSTS = [
    # Land border with Costa Rica
    ("paso_canoas", "Paso Canoas (Chiriquí)", "Paso Canoas (Chiriquí)"),
    ("guabito", "Guabito–Sixaola (Bocas del Toro)", "Guabito–Sixaola (Bocas del Toro)"),
    ("rio_sereno", "Río Sereno (Chiriquí)", "Río Sereno (Chiriquí)"),
    # Darién
    ("jaque", "Jaqué (Darién)", "Jaqué (Darién)"),
    ("la_palma", "La Palma (Darién)", "La Palma (Darién)"),
    ("yaviza", "Yaviza (Darién)", "Yaviza (Darién)"),
    ("san_vicente", "San Vicente Migrant Reception Station (Metetí, Darién)",
     "Estación de Recepción Migratoria San Vicente (Metetí, Darién)"),
    ("lajas_blancas", "Lajas Blancas Migrant Reception Station (Darién)",
     "Estación de Recepción Migratoria Lajas Blancas (Darién)"),
    ("bajo_chiquito", "Bajo Chiquito migrant reception point (Darién)",
     "Bajo Chiquito, punto de recepción migratoria (Darién)"),
    ("canaan_membrillo", "Canaán Membrillo migrant reception point (Darién)",
     "Canaán Membrillo, punto de recepción migratoria (Darién)"),
    # Airports
    ("tocumen", "Tocumen International Airport (Panama City)",
     "Aeropuerto Internacional de Tocumen (Ciudad de Panamá)"),
    ("panama_pacifico", "Panamá Pacífico International Airport (Panamá Oeste)",
     "Aeropuerto Internacional Panamá Pacífico (Panamá Oeste)"),
    ("enrique_malek", "Enrique Malek International Airport (David, Chiriquí)",
     "Aeropuerto Internacional Enrique Malek (David, Chiriquí)"),
    ("scarlett_martinez", "Scarlett Martínez International Airport (Río Hato, Coclé)",
     "Aeropuerto Internacional Scarlett Martínez (Río Hato, Coclé)"),
    # Seaports
    ("balboa", "Port of Balboa (Panamá)", "Puerto de Balboa (Panamá)"),
    ("cristobal", "Port of Cristóbal (Colón)", "Puerto de Cristóbal (Colón)"),
    ("bocas_del_toro", "Bocas del Toro (seaport)", "Bocas del Toro (puerto)"),
    ("puerto_obaldia", "Puerto Obaldía (Guna Yala)", "Puerto Obaldía (Guna Yala)"),
    # Anything else
    ("other", "Other", "Otro"),
]


def write_border_posts():
    write_list("border_posts", [
        "Places of entry into Panama used by the Servicio Nacional de Migración.",
        "Hand-maintained in the script (no external source). Ordered by kind: land",
        "posts on the Costa Rica border, Darién points (including the migrant",
        "reception stations), airports, seaports (Puerto Obaldía, reached by sea",
        "from Colombia, is listed as a seaport), then other. The kind is not",
        "encoded in the value. Values are stable slugs: never rename or reuse one.",
    ], BORDER_POSTS)


# ---------------------------------------------------------------- districts

# Panama's districts (distritos), hand-maintained: iso-codes has none.
# Division followed: the one of the 2023 Censo de Población y Vivienda (INEC,
# Contraloría General de la República): 81 districts, 70 in the ten provinces
# (Panamá Oeste's five split from Panamá province in 2014; the newer
# districts Santa Fe (Darién), Tierras Altas (Chiriquí), Almirante (Bocas del
# Toro) and Omar Torrijos Herrera (Colón) included), 2 in the comarca
# Emberá-Wounaan and 9 in the comarca Ngäbe-Buglé (Jirondai and Santa Catalina
# o Calovébora included; Santa Catalina o Calovébora is a district of the
# comarca, not of Veraguas).
#
# Keyed by province or comarca code (a value of panama_provinces.yaml); each
# row is the district's official name, used for both labels.  The value is
# the province code, "-" and slug(name).  Values are stored in case records:
# if a name's spelling is ever corrected, pin the old value by writing the
# row as (name, "OLD_SLUG") instead of changing the value.
#
# Comarcas without districts get one row standing for the whole comarca, so
# that a district picker filtered by province is never empty:
#  * Guna Yala and Naso Tjër Di are province-rank comarcas with no districts
#    (their corregimientos hang directly from the comarca).
#  * Madugandí and Wargandí are comarcas of corregimiento rank: legally a
#    corregimiento of Chepo (Panamá) and of Pinogana (Darién).  Because
#    panama_provinces.yaml offers them as PA-X-MDG and PA-X-WGD, each gets one
#    row under that code, labelled with its legal district.  A person living
#    there may thus be recorded either as PA-8 / PA-8-CHEPO or as PA-X-MDG /
#    PA-X-MDG-MADUGANDI (likewise Pinogana / Wargandí); reports that count by
#    legal district must fold PA-X-MDG-MADUGANDI into PA-8-CHEPO and
#    PA-X-WGD-WARGANDI into PA-5-PINOGANA (the `legal_district` attribute).
DISTRICTS = {
    "PA-1": ["Almirante", "Bocas del Toro", "Changuinola", "Chiriquí Grande"],
    "PA-2": ["Aguadulce", "Antón", "La Pintada", "Natá", "Olá", "Penonomé"],
    "PA-3": ["Chagres", "Colón", "Donoso", "Omar Torrijos Herrera", "Portobelo",
             "Santa Isabel"],
    "PA-4": ["Alanje", "Barú", "Boquerón", "Boquete", "Bugaba", "David",
             "Dolega", "Gualaca", "Remedios", "Renacimiento", "San Félix",
             "San Lorenzo", "Tierras Altas", "Tolé"],
    "PA-5": ["Chepigana", "Pinogana", "Santa Fe"],
    "PA-6": ["Chitré", "Las Minas", "Los Pozos", "Ocú", "Parita", "Pesé",
             "Santa María"],
    "PA-7": ["Guararé", "Las Tablas", "Los Santos", "Macaracas", "Pedasí",
             "Pocrí", "Tonosí"],
    "PA-8": ["Balboa", "Chepo", "Chimán", "Panamá", "San Miguelito", "Taboga"],
    "PA-10": ["Arraiján", "Capira", "Chame", "La Chorrera", "San Carlos"],
    "PA-9": ["Atalaya", "Calobre", "Cañazas", "La Mesa", "Las Palmas",
             "Mariato", "Montijo", "Río de Jesús", "San Francisco", "Santa Fe",
             "Santiago", "Soná"],
    "PA-EM": ["Cémaco", "Sambú"],
    "PA-NB": ["Besikó", "Jirondai", "Kankintú", "Kusapín", "Mironó", "Müna",
              "Nole Duima", "Ñürüm", "Santa Catalina o Calovébora"],
}

# The comarcas without districts (see above): code -> (slug, en, es, attrs).
DISTRICT_WHOLE_COMARCA = {
    "PA-KY": ("GUNA_YALA",
              "Comarca Guna Yala (no districts)",
              "Comarca Guna Yala (sin distritos)", {}),
    "PA-NT": ("NASO_TJER_DI",
              "Comarca Naso Tjër Di (no districts)",
              "Comarca Naso Tjër Di (sin distritos)", {}),
    "PA-X-MDG": ("MADUGANDI",
                 "Comarca Guna de Madugandí (corregimiento of Chepo district)",
                 "Comarca Guna de Madugandí (corregimiento del distrito de Chepo)",
                 {"legal_district": "PA-8-CHEPO"}),
    "PA-X-WGD": ("WARGANDI",
                 "Comarca Guna de Wargandí (corregimiento of Pinogana district)",
                 "Comarca Guna de Wargandí (corregimiento del distrito de Pinogana)",
                 {"legal_district": "PA-5-PINOGANA"}),
}


def slug(name):
    """Uppercase ASCII slug: accents dropped, runs of other characters -> _."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_ = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = re.sub(r"[^A-Za-z0-9]+", "_", ascii_).strip("_").upper()
    if not out or not out.isascii():
        sys.exit("districts: cannot make an ASCII slug of %r" % name)
    return out


def districts(province_rows):
    codes = [r[0] for r in province_rows]
    known = set(DISTRICTS) | set(DISTRICT_WHOLE_COMARCA)
    unknown = known - set(codes)
    if unknown:
        sys.exit("districts: not in panama_provinces: %s" % sorted(unknown))
    missing = [c for c in codes if c not in known]
    if missing or set(DISTRICTS) & set(DISTRICT_WHOLE_COMARCA):
        sys.exit("districts: provinces without exactly one entry: %s" % missing)
    rows = []
    for code in codes:
        if code in DISTRICT_WHOLE_COMARCA:
            sl, en, es, attrs = DISTRICT_WHOLE_COMARCA[code]
            rows.append(("%s-%s" % (code, sl), en, es,
                         dict({"province": code}, **attrs)))
            continue
        entries = []
        for e in DISTRICTS[code]:
            name, sl = (e, slug(e)) if isinstance(e, str) else e
            entries.append(("%s-%s" % (code, sl), name, name, {"province": code}))
        entries.sort(key=lambda r: (fold(r[2]), r[2], r[0]))
        rows.extend(entries)
    values = {r[0] for r in rows}
    for r in rows:
        ld = r[3].get("legal_district")
        if ld is not None and ld not in values:
            sys.exit("districts: %s: legal_district %s is not a district"
                     % (r[0], ld))
    return rows


def write_districts(rows):
    n = sum(len(v) for v in DISTRICTS.values())
    write_list("panama_districts", [
        "Panama: districts (distritos), for a picker filtered by province",
        "(choice_filter: province = ${province}). Attribute `province` = the code",
        "of the province or comarca in panama_provinces.yaml; value = that code,",
        "\"-\", and an uppercase ASCII slug of the district name. Labels: the",
        "official Spanish name in both languages. Order: provinces and comarcas as",
        "in panama_provinces.yaml, then district name (accents folded).",
        "Source: hand-maintained table in the script (iso-codes has no districts),",
        "following the political-administrative division of the 2023 Censo de",
        "Población y Vivienda (INEC, Contraloría General de la República): %d" % n,
        "districts, of which 70 in the ten provinces, 2 in the comarca",
        "Emberá-Wounaan and 9 in the comarca Ngäbe-Buglé (including Jirondai and",
        "Santa Catalina o Calovébora, which belong to the comarca, not to Veraguas).",
        "Comarcas without districts have one entry each that stands for the whole",
        "comarca, so the filtered picker is never empty:",
        "  Guna Yala and Naso Tjër Di: province-rank comarcas with no districts;",
        "  Madugandí and Wargandí: comarcas of corregimiento rank, legally part of",
        "    the districts of Chepo (Panamá) and Pinogana (Darién). Their entries",
        "    (under PA-X-MDG and PA-X-WGD, as in panama_provinces.yaml) carry",
        "    `legal_district` = that district's value; the same place may also be",
        "    recorded as PA-8-CHEPO or PA-5-PINOGANA, so fold them when counting",
        "    by legal district.",
        "Values are stored in records: never rename or reuse one. Districts",
        "created after the 2023 census are not listed yet.",
    ], rows, unique_labels_within="province")


# ---------------------------------------------------------------- institutions

# The institutions Amparo serves and works with.  Hand-maintained; ordered by
# kind (government, judiciary, university, international, civil_society),
# then as listed.  Values are stable ids stored in records: never rename or
# reuse one; mark a defunct institution retired instead of deleting it.
# Rows: (value, kind, English label, Spanish label).
INSTITUTION_KINDS = ("government", "judiciary", "university", "international",
                     "civil_society")
INSTITUTIONS = [
    # Government (national executive and independent State bodies)
    ("onpar", "government",
     "National Office for the Attention of Refugees (ONPAR), Ministry of Government",
     "Oficina Nacional para la Atención de Refugiados (ONPAR), Ministerio de Gobierno"),
    ("conare", "government",
     "National Commission for the Protection of Refugees (CONARE)",
     "Comisión Nacional para la Protección de Refugiados (CONARE)"),
    ("mingob", "government",
     "Ministry of Government (MINGOB)",
     "Ministerio de Gobierno (MINGOB)"),
    ("snm", "government",
     "National Migration Service (SNM)",
     "Servicio Nacional de Migración (SNM)"),
    ("senafront", "government",
     "National Border Service (SENAFRONT)",
     "Servicio Nacional de Fronteras (SENAFRONT)"),
    ("senan", "government",
     "National Aeronaval Service (SENAN)",
     "Servicio Nacional Aeronaval (SENAN)"),
    ("mire", "government",
     "Ministry of Foreign Affairs (MIRE)",
     "Ministerio de Relaciones Exteriores (MIRE)"),
    ("tribunal_electoral", "government",
     "Electoral Tribunal – National Directorate of the Civil Registry",
     "Tribunal Electoral – Dirección Nacional del Registro Civil"),
    ("mitradel", "government",
     "Ministry of Labour and Workforce Development (MITRADEL)",
     "Ministerio de Trabajo y Desarrollo Laboral (MITRADEL)"),
    ("mides", "government",
     "Ministry of Social Development (MIDES)",
     "Ministerio de Desarrollo Social (MIDES)"),
    ("senniaf", "government",
     "National Secretariat for Children, Adolescents and the Family (SENNIAF)",
     "Secretaría Nacional de Niñez, Adolescencia y Familia (SENNIAF)"),
    ("inamu", "government",
     "National Institute for Women (INAMU)",
     "Instituto Nacional de la Mujer (INAMU)"),
    ("minsa", "government",
     "Ministry of Health (MINSA)",
     "Ministerio de Salud (MINSA)"),
    ("meduca", "government",
     "Ministry of Education (MEDUCA)",
     "Ministerio de Educación (MEDUCA)"),
    ("inadeh", "government",
     "National Institute for Vocational Training and Training for Human "
     "Development (INADEH)",
     "Instituto Nacional de Formación Profesional y Capacitación para el "
     "Desarrollo Humano (INADEH)"),
    ("att", "government",
     "Land Transport and Traffic Authority (ATTT) – driver's licences",
     "Autoridad del Tránsito y Transporte Terrestre (ATTT) – licencias de conducir"),
    ("defensoria", "government",
     "Ombudsman's Office (Defensoría del Pueblo)",
     "Defensoría del Pueblo"),
    # Judiciary (Title VII of the Constitution: the courts and the
    # Ministerio Público)
    ("organo_judicial", "judiciary",
     "Judicial Branch (courts, Supreme Court of Justice)",
     "Órgano Judicial (juzgados, Corte Suprema de Justicia)"),
    ("ministerio_publico", "judiciary",
     "Public Prosecutor's Office (Procuraduría General de la Nación)",
     "Ministerio Público (Procuraduría General de la Nación)"),
    # Universities
    ("up_legal_clinic", "university",
     "University of Panama – legal clinic",
     "Universidad de Panamá – clínica jurídica"),
    ("usma_legal_clinic", "university",
     "Santa María La Antigua Catholic University (USMA) – legal clinic",
     "Universidad Católica Santa María La Antigua (USMA) – clínica jurídica"),
    # International organizations
    ("acnur", "international",
     "UNHCR, the UN Refugee Agency",
     "ACNUR, la Agencia de la ONU para los Refugiados"),
    ("oim", "international",
     "IOM, International Organization for Migration",
     "OIM, Organización Internacional para las Migraciones"),
    ("unicef", "international",
     "UNICEF, United Nations Children's Fund",
     "UNICEF, Fondo de las Naciones Unidas para la Infancia"),
    # Civil society
    ("nrc", "civil_society",
     "Norwegian Refugee Council (NRC)",
     "Consejo Noruego para Refugiados (NRC)"),
    ("hias", "civil_society",
     "HIAS",
     "HIAS"),
    ("cruz_roja", "civil_society",
     "Panamanian Red Cross",
     "Cruz Roja Panameña"),
    ("pastoral_movilidad", "civil_society",
     "Human Mobility Pastoral Care, Archdiocese of Panama (Caritas)",
     "Pastoral de Movilidad Humana, Arquidiócesis de Panamá (Cáritas)"),
]


def institutions():
    rows = []
    for value, kind, en, es in INSTITUTIONS:
        if kind not in INSTITUTION_KINDS or not re.match(r"[a-z][a-z0-9_]*\Z", value):
            sys.exit("institutions: bad row %r" % value)
        rows.append((value, en, es, {"kind": kind}))
    order = {k: i for i, k in enumerate(INSTITUTION_KINDS)}
    rows.sort(key=lambda r: order[r[3]["kind"]])    # stable: keeps table order
    return rows


def write_institutions(rows):
    write_list("institutions", [
        "Institutions Amparo serves and works with: ONPAR and CONARE, the State",
        "bodies a refugee or asylum seeker deals with (migration, borders, civil",
        "registry, labour, health, education, social protection, driver's",
        "licences...), the judiciary, university legal clinics, international",
        "organizations and civil-society partners. Value = a short lowercase id;",
        "attribute `kind` = government, judiciary, university, international or",
        "civil_society. Ordered by kind in that order, then by the table.",
        "Source: hand-maintained table in the script (no external source); names",
        "as the institutions use them. Values are stored in records: never rename",
        "or reuse one; mark a defunct institution `retired: true` instead.",
    ], rows)


# ---------------------------------------------------------------- main

def main():
    c = countries()
    write_countries(c)
    write_nationalities(c)
    write_languages(languages())
    p = provinces()
    write_provinces(p)
    write_border_posts()
    write_districts(districts(p))
    write_institutions(institutions())


if __name__ == "__main__":
    main()
