#!/usr/bin/env python3
# generate-lists.py -- regenerate Amparo's choice lists in forms/lists/*.yaml
#
# What it does
#   Writes these files next to this script, in the strict list format the form
#   loader reads (comment header, `list: <id>`, `choices:` with value + label
#   en/es, every scalar double-quoted):
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


def write_list(list_id, header, choices):
    values = [c[0] for c in choices]
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        sys.exit("%s: duplicate values %s" % (list_id, dupes))
    for lang in (1, 2):
        labels = [c[lang] for c in choices]
        d = sorted({x for x in labels if labels.count(x) > 1})
        if d:
            print("warning: %s: duplicate %s labels: %s"
                  % (list_id, "en" if lang == 1 else "es", d), file=sys.stderr)
    lines = ["# " + h if h else "#" for h in header]
    lines.append("# Generated by %s -- do not edit by hand; edit the script and rerun"
                 % SCRIPT)
    lines.append("# (python3 %s)." % SCRIPT)
    lines.append("list: " + list_id)
    lines.append("choices:")
    for value, en, es in choices:
        lines.append("  - value: " + q(value))
        lines.append("    label:")
        lines.append("      en: " + q(en))
        lines.append("      es: " + q(es))
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


# ---------------------------------------------------------------- main

def main():
    c = countries()
    write_countries(c)
    write_nationalities(c)
    write_languages(languages())
    write_provinces(provinces())
    write_border_posts()


if __name__ == "__main__":
    main()
