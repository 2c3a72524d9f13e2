"""Defendants' names in a release, as keys that survive republication and translation.

A name is a run of capitalised words in a case's context ("Rosa Delgado, 41, of Hialeah",
"charged Rosa Delgado", "Rosa Delgado pleaded"), never an official's ("U.S. Attorney ...",
"said ..., Special Agent in Charge", "juge ..."), nor institutions, places or months (stop words).
"""

from __future__ import annotations

import re

from fakefree.index.numbers import plain


def word_set(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


COMMON_SURNAMES = word_set(
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez"
    " gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white"
    " harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres"
    " nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts"
    " wang li zhang liu chen yang huang zhao wu zhou xu sun kim park tremblay gagnon roy cote"
    " bouchard gauthier morin lavoie fortin gagne ouellet pelletier belanger dubois leblanc"
    " bernard petit durand moreau laurent simon michel lefebvre diaz gomez fernandez ruiz"
    " jimenez moreno alvarez romero castro ortiz ramos vargas cruz reyes morales gutierrez"
)
# Second words of compound Spanish first names ("Juan Carlos", "María Fernanda"): after one
# of them the third word is the surname, so first + second would be a first name alone.
GIVEN_NAMES = word_set(
    "carlos jose maria luis antonio manuel alberto fernanda guadalupe eduardo francisco javier",
    " miguel angel pablo andres alejandro alejandra jesus ignacio enrique ramon daniel david",
    " elena isabel teresa carmen cristina lucia sofia victoria adriana gabriela patricia rosa",
)
_STOP_WORDS = word_set(
    "the a an and of for in on at to by with from this that these those his her their its our"
    " he she they it we is was were are be has have had will would said says according after"
    " before during today yesterday under as but or if when where while who which le la les"
    " des du de un une et en au aux par pour sur dans avec el la los las del y por para con"
    " en al su sus january february march april may june july august september october november"
    " december monday tuesday wednesday thursday friday saturday sunday janvier fevrier mars"
    " avril mai juin juillet aout septembre octobre novembre decembre enero febrero marzo"
    " abril mayo junio julio agosto septiembre octubre noviembre diciembre lundi mardi mercredi"
    " jeudi vendredi samedi dimanche lunes martes miercoles jueves viernes sabado domingo"
    " department justice attorney attorneys office court district county state states united"
    " homeland security investigations immigration customs border protection police agency"
    " service services federal national royal canadian mounted intellectual property rights"
    " center centre coordination operation operacion street avenue road port airport"
    " international judge honorable senior chief special agent assistant acting director"
    " deputy commissioner superintendent inspector sergeant constable officer officers division"
    " unit task force bureau investigation gendarmerie surete procureur procureure republique"
    " fiscalia general ministerio publico secretaria tribunal juzgado cour federale superieure"
    " quebec ontario canada mexico america american new san santa saint los hong kong city"
    " north south east west northern southern eastern western central eastern middle food drug"
    " administration criminal enforcement trade commission interpol europol douane douanes"
    " agence services frontaliers guardia civil policia nacional grc rcmp hsi cbp ice fbi doj"
    " usao ipr cbsa asfc fgr impi ssa uscis fda oci colp ipo abf pib mr mrs ms dr m mme sr sra"
    " inc ltd llc corp company co group sa sl sas gmbh brand brands act acts loi ley code law"
    " trademarks trademark marks copyright crown magistrates bridge market markets"
    " premier league championship game"
)
_OFFICIAL = re.compile(
    r"(?:attorney|agent|judge|justice|director|commissioner|chief|superintendent|inspector"
    r"|sergeant|officer|minister|secretary|spokesperson|spokesman|spokeswoman|prosecutor"
    r"|procureure?|juge|directeur|directrice|commissaire|porte-parole|ministre|fiscal|juez"
    r"|jueza|titular|secretari[oa]|vocero|agente|magistrate|head|leader|president|presidente"
    r"|administrator|coordinator|coordonnateur|coordinador|surintendant|sergent|capitaine"
    r"|captain|lieutenant|caporal|corporal|constable|gendarme|comisari[oa]|inspect(?:eur|or))"
    r"(?!\w)",
    re.I,
)
_OFFICIAL_AFTER = re.compile(
    r"^,? (?:the |la |le |el )?(?:u\.s\. |acting |special |deputy |assistant |chief |senior )*"
    r"(?:attorney|agent|director|commissioner|chief|superintendent|inspector|head|spokes"
    r"|prosecutor|procureur|juge|directeur|directrice|commissaire|porte-parole|fiscal|titular"
    r"|secretari|vocero|said|says|a declare|a dit|declaro|dijo|senalo)",
    re.I,
)
_CASE_CUE = re.compile(
    r"(?:(?:was|were|is|are|has been|have been|had|a ete|ont ete|a|ont|fue|fueron|ha sido"
    r"|han sido|se|also|later|then|each) )*"
    r"(?:sentenc|plead|pled|charg|indict|arrest|convict|admit|accus|condamn|inculp|arret|"
    r"interpell|plaid|reconn|accus|sentenci|conden|detenid|detuv|vincul|acusad|imputad|"
    r"declar\w* culpable|aged|years old|owner|proprietaire|propietari|ran |"
    r"operated|exploit|dirig|who |qui |quien|and |et |y )",
)
_DEFENDANT_BEFORE = re.compile(
    r"(?:defendants?|sentenced|charged|indicted|convicted|against|arrested|identified as"
    r"|accuse[ds]?|prevenus?|contre|condamne|inculpe|arrete|nomme|contra|en contra de"
    r"|imputad[oa]s?|acusad[oa]s?|sentenci\w*|detenid[oa]s?|identificad[oa]s? como"
    r"|named|men|women|man|woman|homme|femme|hombre|mujer)$",
)
_NAME = re.compile(r"\b(?:(?:[A-Z]\.|[A-ZÀ-ÖØ-Þ][\w'’-]*)[ ]+){1,4}[A-ZÀ-ÖØ-Þ][\w'’-]*")


def names(text: str, low: str = "", language: str = "") -> list[str]:
    """Keys of the defendants' names: capitalised words in a case's context, never officials:
    first and last word; in Spanish, a three-word name is also first name and father's surname
    ("Héctor Salvatierra Ruiz" is also "Héctor Salvatierra"). `low` is `numbers.plain(text)`
    (same offsets) when the caller has it."""
    low = low or plain(text)
    found = []
    for match in _NAME.finditer(text):
        start, end = match.span()
        words = _clean_run([w for w in low[start:end].split() if not _initial(w)])
        if len(words) < 2 or not _is_defendant(low, start, end):
            continue
        found.append(f"n:{words[0]} {words[-1]}")
        if len(words) == 3 and language == "es" and words[1] not in GIVEN_NAMES:
            found.append(f"n:{words[0]} {words[1]}")
    return found


def _initial(word: str) -> bool:
    return len(word) == 1 or (len(word) == 2 and word.endswith("."))


def _clean_run(words: list[str]) -> list[str]:
    """The longest run of words that are not stop words (in "Judge Ana Ruiz": "ana ruiz")."""
    best: list[str] = []
    run: list[str] = []
    for word in words:
        if word in _STOP_WORDS or word.strip(".,'") in _STOP_WORDS:
            run = []
            continue
        run.append(word)
        if len(run) > len(best):
            best = list(run)
    return best


def _is_defendant(low: str, start: int, end: int) -> bool:
    """Whether a name stands where releases put defendants, not officials (`low`: plain text)."""
    before = low[max(0, start - 60) : start]
    after = low[end : end + 60]
    if _OFFICIAL.search(before, max(0, len(before) - 32)) or _OFFICIAL_AFTER.match(after):
        return False
    if re.match(r"^, (?:\d{2}|age \d{2}|\d{2} ans|de \d{2} anos)", after):
        return True
    tail = before.rstrip(" ,:")
    return bool(_DEFENDANT_BEFORE.search(tail, max(0, len(tail) - 22))) or bool(
        _CASE_CUE.match(after.lstrip(" ,"))
    )
