#!/usr/bin/env python3
"""Regenerate the partner intake files of the north-west Syria example.

    python examples/nw-syria-2024/make_inputs.py

Writes ``inputs/`` next to this script:

    health-cluster.xlsx     Casualties (label row + HXL hashtag row)
    cccm-displacement.xlsx  Displacement (label row only: read by header labels)
    local-councils.xlsx     Locations, Casualties (one conflict, one copied duplicate)
    response-partners.csv   Response (HXL-tagged CSV)
    ocha-narrative.xlsx     Narrative, Sources

Only the toll of 27 civilians killed, including 8 children, and the other facts attributed to
the UN or to news reporting come from real reporting; every other figure is illustrative.

The output is deterministic: the same script gives byte-identical files (fixed document
dates and fixed timestamps inside the .xlsx zip archives). Needs openpyxl only.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
OUT = HERE / "inputs"

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def d(day: int) -> dt.date:
    return dt.date(2024, 11, day)


def dec(day: int) -> dt.date:
    return dt.date(2024, 12, day)


AS_OF = d(29)
"""Flash Update No. 1 is as of 29 November; rows dated later belong to No. 2 (see series-demo.sh)."""


REPORTED = d(29)

# ---------------------------------------------------------------------------------------------
# Column definitions: (English label, HXL hashtag), as in sitrep/intake/schema.py.
# ---------------------------------------------------------------------------------------------
DATE = ("Date", "#date")
ADM1 = ("Governorate", "#adm1+name")
ADM1_CODE = ("Governorate P-code", "#adm1+code")
ADM2 = ("District", "#adm2+name")
ADM2_CODE = ("District P-code", "#adm2+code")
ORG = ("Reporting organisation", "#org")
REPORTED_ON = ("Reported on", "#date+reported")
NOTES = ("Notes", "#description")

CASUALTY_COLUMNS = [DATE, ADM1, ADM1_CODE, ADM2, ADM2_CODE,
                    ("Killed", "#affected+killed"), ("Killed (children)", "#affected+killed+children"),
                    ("Injured", "#affected+injured"), ("Injured (children)", "#affected+injured+children"),
                    ORG, REPORTED_ON, NOTES]
# Deliberately in another order than the template: columns are found by label, not position.
DISPLACEMENT_COLUMNS = [DATE, ORG, ADM1, ADM2, ADM2_CODE,
                        ("Newly displaced people", "#affected+idps"), ("Households", "#affected+idps+hh"),
                        REPORTED_ON, NOTES]
LOCATION_COLUMNS = [DATE, ADM1, ADM2, ADM2_CODE, ("Community", "#loc+name"), ("Status", "#status"),
                    ORG, NOTES, ("Latitude", "#geo+lat"), ("Longitude", "#geo+lon")]
RESPONSE_COLUMNS = [DATE, ("Sector", "#sector"), ADM1, ADM2, ADM2_CODE, ORG, ("Activity", "#activity"),
                    ("People reached", "#reached"), ("People targeted", "#targeted"), NOTES]
LANGUAGES = [("English", "en"), ("French", "fr"), ("Spanish", "es"), ("Arabic", "ar"),
             ("Russian", "ru"), ("Chinese", "zh")]
NARRATIVE_COLUMNS = [("Section", "#meta+section"),
                     *[(label, f"#description+i_{code}") for label, code in LANGUAGES],
                     ("Sources", "#meta+source"), ("Sector", "#sector")]
SOURCE_COLUMNS = [("Ref", "#meta+id"), ("Organisation", "#org"), ("Title", "#meta+title"),
                  DATE, ("Link", "#meta+url")]

WIDTHS = {"Date": 12, "Reported on": 12, "Governorate": 13, "Governorate P-code": 11, "District": 17,
          "District P-code": 10, "Reporting organisation": 20, "Notes": 52, "Community": 18,
          "Status": 18, "Activity": 60, "Section": 12, "English": 100, "French": 100, "Spanish": 100,
          "Arabic": 100, "Russian": 100, "Chinese": 100, "Sources": 10, "Sector": 14, "Ref": 6,
          "Organisation": 34, "Title": 80, "Link": 30}

# ---------------------------------------------------------------------------------------------
# Data. Casualty tuples: date, governorate, gov. P-code, district, district P-code,
# killed, killed children, injured, injured children, organisation, reported on, notes.
# Empty strings are left blank (names-only rows).
# ---------------------------------------------------------------------------------------------
HC = "Health Cluster"
LC = "Local Councils"
CCCM = "CCCM Cluster"

HEALTH_CASUALTIES = [
    (d(27), "Aleppo", "SY02", "Jebel Saman", "SY0200", 4, 2, 15, 4, HC, REPORTED,
     "Western rural Aleppo: Atareb, Daret Azza and surrounding villages"),
    (d(27), "Idleb", "SY07", "Ariha", "SY0705", 2, 1, 7, 2, HC, REPORTED, "Air strikes on Ariha town"),
    (d(27), "Idleb", "SY07", "Idleb", "SY0700", 3, 1, 12, 3, HC, REPORTED, "Idleb city and Sarmin"),
    (d(28), "Aleppo", "", "Jebel Saman", "", 5, 1, 21, 5, HC, REPORTED,
     "Hospital admissions from Atareb, Anadan and Khan Al-Assal"),
    # Spelling variant on purpose: "Idlib" for governorate and district, no P-codes.
    (d(28), "Idlib", "", "Idlib", "", 3, 1, 10, 3, HC, REPORTED, "Saraqeb and Sarmin"),
    (d(28), "Idleb", "SY07", "Harim", "SY0703", 2, 0, 6, 1, HC, REPORTED, "Strike near Sarmada"),
    (d(29), "Aleppo", "", "Jebel Saman", "", 3, 1, 14, 2, HC, REPORTED, ""),
    (d(29), "Idleb", "SY07", "Ariha", "SY0705", 3, 1, 9, 3, HC, REPORTED, ""),
    # Later days: not part of Flash Update No. 1 (an information finding says so); counted in No. 2.
    (d(30), "Aleppo", "SY02", "Jebel Saman", "SY0200", 4, 1, 17, 4, HC, d(30), "Atareb and Anadan"),
    (dec(1), "Idleb", "SY07", "Idleb", "SY0700", 3, 1, 11, 2, HC, dec(1), "Saraqeb"),
    (dec(2), "Idleb", "SY07", "Ariha", "SY0705", 2, 0, 8, 2, HC, dec(2), ""),
]

LOCAL_CASUALTIES = [
    # CONFLICT: same district and day as health-cluster.xlsx row 6, different figures.
    (d(28), "Aleppo", "", "Jebel Saman", "", 7, 2, 26, 6, LC, REPORTED,
     "Figures from community focal points in Atareb, Anadan and Khan Al-Assal"),
    # Not reported by the Health Cluster: counted.
    (d(29), "Idleb", "", "Jisr-Ash-Shugur", "", 2, 0, 4, 1, LC, REPORTED, "Shelling on villages west of the town"),
    # DUPLICATE: a verbatim copy of health-cluster.xlsx row 5, pasted in by the councils.
    HEALTH_CASUALTIES[2],
]

# Displacement: date, org, governorate, district, district P-code, people, households, reported, notes.
# One figure is typed as text with a thousands separator ("1,250") to show tolerant parsing.
DISPLACEMENT = [
    (d(27), CCCM, "Aleppo", "Jebel Saman", "SY0200", 2400, 480, REPORTED, "From Atareb and Daret Azza"),
    (d(27), CCCM, "Idleb", "Ariha", "SY0705", "1,250", 250, REPORTED, "Mostly towards Harim district"),
    (d(27), CCCM, "Idleb", "Idleb", "SY0700", 1800, 360, REPORTED, ""),
    (d(28), CCCM, "Aleppo", "Jebel Saman", "", 6300, 1260, REPORTED, "Families moving north towards A'zaz and Afrin"),
    (d(28), CCCM, "Idleb", "Idleb", "", 3900, 780, REPORTED, "From Saraqeb and Sarmin"),
    (d(28), CCCM, "Idleb", "Ariha", "", 2150, 430, REPORTED, ""),
    (d(28), CCCM, "Idleb", "Harim", "SY0703", 1100, 220, REPORTED, "Movement within the district, away from strike areas"),
    (d(29), CCCM, "Aleppo", "Jebel Saman", "SY0200", 8750, 1750, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Idleb", "SY0700", 4600, 920, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Ariha", "SY0705", 2900, 580, REPORTED, ""),
    (d(29), CCCM, "Idleb", "Jisr-Ash-Shugur", "SY0704", 900, 180, REPORTED, ""),
    # Later days, for Flash Update No. 2.
    (d(30), CCCM, "Aleppo", "Jebel Saman", "SY0200", 5200, 1040, d(30), "Continued departures from western rural Aleppo"),
    (dec(1), CCCM, "Idleb", "Harim", "SY0703", 4100, 820, dec(1), "Arrivals in Sarmada and Dana reception centres"),
    (dec(2), CCCM, "Idleb", "Idleb", "SY0700", 3100, 620, dec(2), ""),
]

# Locations: date, governorate, district, district P-code, community, status, org, notes, latitude,
# longitude. Coordinates (approximate town centres) are given as partners type them: decimal
# degrees, degrees-minutes-seconds, a decimal comma; two communities have none.
LOCATIONS = [
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Atareb", "hostilities", LC, "Ground fighting from early morning", 36.1386, 36.8306),
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Daret Azza", "airstrikes", LC, "", 36.2833, 36.85),
    (d(27), "Aleppo", "Jebel Saman", "SY0200", "Anadan", "hostilities", LC, "", 36.2944, 37.0428),
    (d(28), "Aleppo", "Jebel Saman", "SY0200", "Khan Al-Assal", "hostilities", LC, "", 36.1769, 37.0467),
    (d(28), "Aleppo", "Jebel Saman", "SY0200", "Urum Al-Kubra", "access-constrained", LC,
     "Road to Atareb closed to humanitarian traffic", "", ""),
    (d(28), "Idleb", "Idleb", "SY0700", "Saraqeb", "shelling", LC, "", "35°51'46\"N", "36°48'02\"E"),
    (d(28), "Idleb", "Idleb", "SY0700", "Sarmin", "airstrikes", LC, "", "35,9053", "36,7231"),
    (d(28), "Idleb", "Ariha", "SY0705", "Ariha", "airstrikes", LC, "Damage reported near the main market", 35.8126, 36.6097),
    (d(29), "Idleb", "Idleb", "SY0700", "Idleb city", "services-disrupted", LC,
     "Water pumping station out of service after power cut", "", ""),
    (d(29), "Idleb", "Jisr-Ash-Shugur", "SY0704", "Jisr-Ash-Shugur", "shelling", LC, "", 35.8125, 36.3194),
    (d(29), "Idleb", "Harim", "SY0703", "Sarmada", "hosting-idps", LC, "Reception centres at capacity", 36.1786, 36.7217),
    (d(29), "Idleb", "Harim", "SY0703", "Dana", "hosting-idps", LC, "", 36.215, 36.7714),
    (d(29), "Aleppo", "Al Bab", "SY0202", "Al Bab", "hosting-idps", LC, "Families arriving from western rural Aleppo", 36.3706, 37.5157),
]

# Response: date, sector, governorate, district, district P-code, org, activity, reached, targeted, notes.
RESPONSE = [
    (d(27), "Health", "Aleppo", "Jebel Saman", "SY0200", "SARC", "First aid and ambulance transport of injured civilians", 320, 400, ""),
    (d(28), "Health", "Idleb", "Idleb", "SY0700", "WHO", "Trauma kits and medical supplies delivered to hospitals receiving casualties", 3500, 5000, "Covers catchment population of supplied hospitals"),
    (d(28), "Food Security", "Idleb", "Harim", "SY0703", "WFP", "Ready-to-eat rations for newly displaced families", 8200, 12000, ""),
    (d(28), "Shelter/NFI", "Idleb", "Harim", "SY0703", "UNHCR", "Blankets, mattresses and winter clothing for displaced families", 3100, 5000, ""),
    (d(28), "Shelter/NFI", "Aleppo", "A'zaz", "SY0204", "IOM", "Tents and winterisation kits for families arriving from western rural Aleppo", 1900, 3000, ""),
    (d(28), "Protection", "Idleb", "Ariha", "SY0705", "UNICEF", "Psychological first aid for children and caregivers", 850, 1500, ""),
    (d(29), "Health", "Aleppo", "Jebel Saman", "SY0200", "SARC", "First aid and ambulance transport of injured civilians", 410, 500, ""),
    (d(29), "Food Security", "Idleb", "Idleb", "SY0700", "WFP", "Hot meals in collective shelters", 4600, 6000, ""),
    (d(29), "CCCM", "Idleb", "Harim", "SY0703", "IOM", "Reception centres opened and new arrivals registered", 2750, 4000, ""),
    (d(29), "WASH", "Idleb", "Harim", "SY0703", "UNICEF", "Water trucking and latrine cleaning in reception centres", 6000, 9000, ""),
    (d(29), "Nutrition", "Idleb", "Idleb", "SY0700", "UNICEF", "Malnutrition screening of displaced children under five", 1200, 2000, ""),
]

SOURCES = [
    ("S1", "United Nations, Deputy Regional Humanitarian Coordinator for the Syria Crisis",
     "Statement on civilian casualties of three days of hostilities in north-west Syria "
     "(27 civilians killed, including 8 children)", d(28), ""),
    ("S2", "Health Cluster", "Casualty reports from health facilities, Aleppo and Idleb governorates "
     "(illustrative)", d(29), ""),
    ("S3", "CCCM Cluster", "Displacement tracking, north-west Syria, 27–29 November 2024 (illustrative)",
     d(29), ""),
    ("S4", "Local Councils", "Community situation reports, western Aleppo and Idleb (illustrative)", d(29), ""),
    ("S5", "Response partners", "Partner activity reporting (who does what where), 27–29 November 2024 "
     "(illustrative)", d(29), ""),
    ("S6", "News media", "Syrian rebels launch largest offensive since 2020 (news report)", None, ""),
]

# Narrative, one paragraph per entry: section, source refs, optional sector, and the text in
# each narrative language (LANGUAGES). Paragraphs without a
# sector show in their section as before; needs/response/gaps paragraphs with a sector show
# under that sector in the Situation Report. Figures in {braces} come from the
# merged data and are formatted for each language at build time: every translation keeps the
# placeholders of the English text (checked by check_narrative).
NARRATIVE: list[dict[str, str]] = [
    {"section": "highlights", "refs": "S1, S6",
     "en": "The escalation that began on 27 November in western rural Aleppo is the most serious in "
           "north-west Syria since the ceasefire of March 2020.",
     "fr": "L’escalade qui a débuté le 27 novembre dans la campagne ouest d’Alep est la plus grave "
           "qu’ait connue le nord-ouest de la Syrie depuis le cessez-le-feu de mars 2020.",
     "es": "La escalada que comenzó el 27 de noviembre en las zonas rurales del oeste de Alepo es la "
           "más grave que ha vivido el noroeste de Siria desde el alto el fuego de marzo de 2020.",
     "ar": "يُعدّ التصعيد الذي بدأ في 27 تشرين الثاني/نوفمبر في ريف حلب الغربي الأخطر في شمال غرب "
           "سوريا منذ وقف إطلاق النار في آذار/مارس 2020.",
     "ru": "Эскалация, начавшаяся 27 ноября в сельской местности на западе мухафазы Алеппо, стала "
           "самой серьезной на северо-западе Сирии с момента прекращения огня в марте 2020 года.",
     "zh": "11月27日在阿勒颇西部农村地区爆发的局势升级，是自2020年3月停火以来叙利亚西北部最严重的一"
           "次。"},
    {"section": "highlights", "refs": "S1, S2, S4",
     "en": "{killed} civilians, including {killed_children} children, were killed and {injured} "
           "injured in Aleppo and Idleb governorates during the reporting period ({period}).",
     "fr": "Au cours de la période considérée ({period}), {killed} civils, dont {killed_children} "
           "enfants, ont été tués et {injured} blessés dans les gouvernorats d’Alep et d’Idlib.",
     "es": "Durante el período que abarca el informe ({period}), {killed} civiles, entre ellos "
           "{killed_children} niños, murieron y otros {injured} resultaron heridos en las "
           "gobernaciones de Alepo e Idlib.",
     "ar": "قُتل {killed} من المدنيين، بينهم {killed_children} من الأطفال، وأُصيب {injured} بجروح "
           "في محافظتي حلب وإدلب خلال الفترة المشمولة بالتقرير ({period}).",
     "ru": "За отчетный период ({period}) в мухафазах Алеппо и Идлиб число погибших среди мирных "
           "жителей составило {killed} (в том числе детей — {killed_children}), раненых — "
           "{injured}.",
     "zh": "在本报告所述期间（{period}），阿勒颇省和伊德利卜省共有{killed}名平民死亡，其中包括{"
           "killed_children}名儿童，另有{injured}人受伤。"},
    {"section": "highlights", "refs": "S3",
     "en": "An estimated {displaced_total} people ({households_displaced} households) were newly "
           "displaced over the same {days}, many of them towards already crowded sites in Harim district.",
     "fr": "On estime à {displaced_total} le nombre de personnes ({households_displaced} ménages) "
           "nouvellement déplacées au cours de ces mêmes {days}, dont beaucoup vers des sites "
           "déjà surpeuplés du district de Harim.",
     "es": "Durante esos mismos {days}, se estima que {displaced_total} personas "
           "({households_displaced} hogares) se vieron desplazadas, muchas de ellas hacia sitios ya "
           "saturados del distrito de Harim.",
     "ar": "خلال الفترة نفسها ({days})، نزح حديثًا ما يُقدَّر بنحو {displaced_total} شخص "
           "({households_displaced} أسرة)، توجّه كثيرون منهم إلى مواقع مكتظة أصلًا في منطقة حارم.",
     "ru": "За те же {days} число вновь перемещенных лиц составило, по оценкам, {displaced_total} "
           "(домохозяйств — {households_displaced}); многие из них направились в и без того "
           "переполненные места размещения в районе Харим.",
     "zh": "同样在这{days}里，估计有{displaced_total}人（{households_displa"
           "ced}户）新近流离失所，其中许多人前往哈里姆区本已拥挤不堪的安置点。"},
    {"section": "highlights", "refs": "S5",
     "en": "{partners_total} humanitarian organisations have reached {reached_total} people with health "
           "care, food, shelter items, water and protection services.",
     "fr": "{partners_total} organisations humanitaires ont apporté une assistance à {reached_total} "
           "personnes sous forme de soins de santé, de vivres, d’articles d’abri, d’eau et de "
           "services de protection.",
     "es": "{partners_total} organizaciones humanitarias han llegado a {reached_total} personas con "
           "atención de salud, alimentos, artículos de alojamiento, agua y servicios de protección.",
     "ar": "قدّمت المنظمات الإنسانية، وعددها {partners_total}، الرعاية الصحية والغذاء ومواد الإيواء "
           "والمياه وخدمات الحماية، ووصلت مساعداتها إلى {reached_total} شخص.",
     "ru": "Гуманитарные организации (всего {partners_total}) предоставили медицинскую помощь, "
           "продовольствие, предметы для обустройства жилья, воду и услуги по защите; число "
           "получателей помощи достигло {reached_total}.",
     "zh": "{partners_total}个人道主义组织已向{reached_total}人提供了医疗、粮"
           "食、住所物资、饮用水和保护服务。"},
    {"section": "overview", "refs": "S4, S6",
     "en": "On 27 November, non-State armed groups opened a large-scale offensive against Government of "
           "Syria positions in western rural Aleppo and took control of several towns and villages. "
           "Ground fighting was followed by intensified air strikes and shelling on communities in "
           "Aleppo and Idleb governorates, including areas close to the border with Türkiye. Local "
           "councils report {locations_affected} affected communities, and casualties or displacement "
           "have been recorded in {districts_affected} districts.",
     "fr": "Le 27 novembre, des groupes armés non étatiques ont lancé une offensive de grande ampleur "
           "contre les positions du Gouvernement syrien dans la campagne ouest d’Alep et pris le "
           "contrôle de plusieurs villes et villages. Les combats au sol ont été suivis d’une "
           "intensification des frappes aériennes et des tirs d’artillerie sur des localités des "
           "gouvernorats d’Alep et d’Idlib, y compris dans des zones proches de la frontière avec la "
           "Türkiye. Les conseils locaux font état de {locations_affected} localités touchées, et des "
           "victimes ou des déplacements ont été enregistrés dans {districts_affected} districts.",
     "es": "El 27 de noviembre, grupos armados no estatales lanzaron una ofensiva a gran escala "
           "contra posiciones del Gobierno de Siria en las zonas rurales del oeste de Alepo y tomaron "
           "el control de varias ciudades y aldeas. A los combates terrestres siguió una "
           "intensificación de los ataques aéreos y los bombardeos de artillería contra comunidades "
           "de las gobernaciones de Alepo e Idlib, incluidas zonas próximas a la frontera con "
           "Türkiye. Los consejos locales informan de {locations_affected} comunidades afectadas, y "
           "se han registrado víctimas o desplazamientos en {districts_affected} distritos.",
     "ar": "في 27 تشرين الثاني/نوفمبر، شنّت جماعات مسلحة من غير الدول هجومًا واسع النطاق على مواقع "
           "الحكومة السورية في ريف حلب الغربي، وسيطرت على عدد من البلدات والقرى. وأعقب القتالَ البري "
           "تصعيدٌ في الغارات الجوية والقصف المدفعي على التجمعات السكانية في محافظتي حلب وإدلب، بما "
           "في ذلك مناطق قريبة من الحدود مع تركيا. وتفيد المجالس المحلية بتضرر {locations_affected} "
           "من التجمعات السكانية، فيما سُجّل وقوع ضحايا أو حالات نزوح في {districts_affected} من "
           "المناطق.",
     "ru": "27 ноября негосударственные вооруженные группы начали масштабное наступление на позиции "
           "правительства Сирии в сельской местности на западе мухафазы Алеппо и установили контроль "
           "над рядом городов и деревень. За наземными боями последовала активизация авиаударов и "
           "артиллерийских обстрелов населенных пунктов в мухафазах Алеппо и Идлиб, в том числе "
           "вблизи границы с Турцией. По данным местных советов, число пострадавших населенных "
           "пунктов составляет {locations_affected}, а число районов, в которых зафиксированы жертвы "
           "или перемещение населения, — {districts_affected}.",
     "zh": "11月27日，非国家武装团体对阿勒颇西部农村地区的叙利亚政府阵地发动大规模攻势，并控制了若干城镇"
           "和村庄。地面战斗之后，阿勒颇省和伊德利卜省各社区遭受的空袭和炮击明显加剧，包括靠近土耳其边境的地"
           "区。据地方议会报告，共有{locations_affected}个社区受到影响，{distric"
           "ts_affected}个区记录到人员伤亡或流离失所。"},
    {"section": "overview", "refs": "S1, S2, S6",
     "en": "Between {period_start} and {period_end}, {killed_total} civilians were killed, {killed_children} of them "
           "children, and {injured_total} were injured, {injured_children} of them children. The UN Deputy "
           "Regional Humanitarian Coordinator for the Syria Crisis expressed deep concern at the toll on "
           "civilians. Armed groups in the area say that more than 80 civilians have been killed in drone "
           "strikes on areas outside Government control since the start of 2024.",
     "fr": "Entre le {period_start} et le {period_end}, {killed_total} civils ont été tués, dont {killed_children} "
           "enfants, et {injured_total} blessés, dont {injured_children} enfants. Le Coordonnateur "
           "humanitaire régional adjoint des Nations Unies pour la crise syrienne s’est dit "
           "profondément préoccupé par le lourd tribut payé par les civils. Selon les groupes armés "
           "présents dans la zone, plus de 80 civils ont été tués depuis le début de 2024 dans des "
           "frappes de drones visant des zones qui échappent au contrôle du Gouvernement.",
     "es": "Entre el {period_start} y el {period_end} murieron {killed_total} civiles, {killed_children} de "
           "ellos niños, y {injured_total} resultaron heridos, {injured_children} de ellos niños. El "
           "Coordinador Humanitario Regional Adjunto de las Naciones Unidas para la Crisis Siria "
           "expresó su profunda preocupación por el elevado costo que está pagando la población "
           "civil. Según los grupos armados presentes en la zona, más de 80 civiles han muerto desde "
           "principios de 2024 en ataques con drones contra zonas que no están bajo control del "
           "Gobierno.",
     "ar": "بين {period_start} و{period_end}، قُتل {killed_total} من المدنيين، بينهم {killed_children} "
           "من الأطفال، وأُصيب {injured_total} بجروح، بينهم {injured_children} من الأطفال. وأعرب نائب "
           "المنسق الإقليمي للشؤون الإنسانية للأزمة السورية التابع للأمم المتحدة عن قلقه البالغ إزاء "
           "الخسائر في صفوف المدنيين. وتقول الجماعات المسلحة في المنطقة إن أكثر من 80 مدنيًا قُتلوا "
           "منذ بداية عام 2024 في هجمات بطائرات مسيّرة استهدفت مناطق خارجة عن سيطرة الحكومة.",
     "ru": "С {period_start} по {period_end} число погибших среди мирных жителей составило {killed_total} (в том "
           "числе детей — {killed_children}), раненых — {injured_total} (в том числе детей — "
           "{injured_children}). Заместитель регионального координатора ООН по гуманитарным вопросам "
           "в связи с сирийским кризисом выразил глубокую обеспокоенность потерями среди мирного "
           "населения. По словам вооруженных групп, действующих в регионе, с начала 2024 года в "
           "результате ударов беспилотников по территориям, не находящимся под контролем "
           "правительства, погибли более 80 мирных жителей.",
     "zh": "{period_start}至{period_end}，共有{killed_total}名平民死亡，其中儿童{killed_chi"
           "ldren}名；另有{injured_total}人受伤，其中儿童{injured_childr"
           "en}名。联合国叙利亚危机区域人道主义副协调员对平民付出的代价深表关切。当地武装团体称，自202"
           "4年初以来，已有80多名平民在针对政府控制区以外地区的无人机袭击中丧生。"},
    {"section": "overview", "refs": "S6",
     "en": "The fighting threatens the relative calm that has largely held in the north-west since the "
           "Russian Federation and Türkiye brokered a ceasefire in March 2020. The area already hosts a "
           "large displaced population in camps and informal sites, and humanitarian partners fear that "
           "further escalation will uproot many more people as winter begins. In this example, figures "
           "other than those attributed to the United Nations and to news reporting are illustrative.",
     "fr": "Les combats menacent le calme relatif qui prévalait globalement dans le nord-ouest depuis "
           "le cessez-le-feu conclu sous l’égide de la Fédération de Russie et de la Türkiye en mars "
           "2020. La zone accueille déjà une importante population déplacée dans des camps et des "
           "sites informels, et les partenaires humanitaires craignent qu’une nouvelle escalade ne "
           "pousse bien d’autres personnes à fuir alors que l’hiver commence. Dans le présent "
           "exemple, les chiffres autres que ceux attribués à l’Organisation des Nations Unies et aux "
           "médias sont donnés à titre d’illustration.",
     "es": "Los combates ponen en peligro la relativa calma que, en líneas generales, se había "
           "mantenido en el noroeste desde que la Federación de Rusia y Türkiye negociaron un alto el "
           "fuego en marzo de 2020. La zona ya acoge a una numerosa población desplazada en "
           "campamentos y asentamientos informales, y los socios humanitarios temen que una nueva "
           "escalada obligue a muchas más personas a abandonar sus hogares ahora que comienza el "
           "invierno. En este ejemplo, las cifras distintas de las atribuidas a las Naciones Unidas y "
           "a los medios de comunicación son ilustrativas.",
     "ar": "يهدد القتال الهدوء النسبي الذي ساد إلى حد كبير في الشمال الغربي منذ أن توصّل الاتحاد "
           "الروسي وتركيا إلى اتفاق لوقف إطلاق النار في آذار/مارس 2020. وتستضيف المنطقة أصلًا أعدادًا "
           "كبيرة من النازحين في المخيمات والمواقع غير الرسمية، ويخشى الشركاء في المجال الإنساني أن "
           "يؤدي مزيد من التصعيد إلى نزوح أعداد أكبر بكثير من الناس مع حلول فصل الشتاء. وفي هذا "
           "المثال، تُعدّ الأرقام توضيحية، باستثناء تلك المنسوبة إلى الأمم المتحدة والتقارير "
           "الإخبارية.",
     "ru": "Боевые действия ставят под угрозу относительное затишье, которое в целом сохранялось на "
           "северо-западе после того, как в марте 2020 года при посредничестве Российской Федерации и "
           "Турции было достигнуто соглашение о прекращении огня. Здесь уже проживает много "
           "перемещенных лиц, размещенных в лагерях и неформальных поселениях, и гуманитарные "
           "партнеры опасаются, что дальнейшая эскалация с наступлением зимы вынудит покинуть свои "
           "дома еще множество людей. В данном примере все цифры, кроме приводимых со ссылкой на "
           "Организацию Объединенных Наций и сообщения СМИ, являются условными.",
     "zh": "自2020年3月俄罗斯联邦和土耳其促成停火以来，西北部总体上保持了相对平静，而此次战斗正威胁着这"
           "种局面。该地区的营地和非正规安置点已收容了大量流离失所者，人道主义合作伙伴担心，随着冬季来临，局"
           "势进一步升级将迫使更多人背井离乡。在本示例中，除归于联合国和新闻报道的数字外，其他数字均为示意性"
           "数字。"},
    {"section": "response", "refs": "S5",
     "en": "Humanitarian partners are scaling up from stocks pre-positioned in Idleb and northern Aleppo. "
           "Health partners have supplied hospitals receiving casualties with trauma kits, while food, "
           "shelter, WASH and camp management partners support newly displaced families in reception "
           "centres in Harim district. So far, {partners_total} organisations have reached "
           "{reached_total} people.",
     "fr": "Les partenaires humanitaires intensifient leur action à partir des stocks prépositionnés "
           "à Idlib et dans le nord d’Alep. Les partenaires du secteur de la santé ont fourni des "
           "kits de traumatologie aux hôpitaux qui prennent en charge les blessés, tandis que ceux "
           "des secteurs de la sécurité alimentaire, des abris, de l’EHA et de la gestion des camps "
           "soutiennent les familles nouvellement déplacées dans les centres d’accueil du district de "
           "Harim. À ce jour, {partners_total} organisations ont apporté une assistance à "
           "{reached_total} personnes.",
     "es": "Los socios humanitarios están ampliando la respuesta con suministros preposicionados en "
           "Idlib y el norte de Alepo. Los socios de salud han entregado kits de traumatología a los "
           "hospitales que atienden a los heridos, mientras que los de seguridad alimentaria, "
           "alojamiento, WASH y gestión de campamentos apoyan a las familias recién desplazadas en "
           "los centros de acogida del distrito de Harim. Hasta la fecha, {partners_total} "
           "organizaciones han llegado a {reached_total} personas.",
     "ar": "يعمل الشركاء في المجال الإنساني على توسيع نطاق الاستجابة انطلاقًا من الإمدادات المخزّنة "
           "مسبقًا في إدلب وشمال حلب. وزوّد الشركاء في قطاع الصحة المستشفيات التي تستقبل المصابين "
           "بمستلزمات علاج الإصابات، فيما يدعم الشركاء في قطاعات الأمن الغذائي والمأوى والمياه والصرف "
           "الصحي والنظافة الصحية وإدارة المخيمات الأسرَ النازحة حديثًا في مراكز الاستقبال في منطقة "
           "حارم. وحتى الآن، وصلت المساعدات التي قدّمتها المنظمات المستجيبة، وعددها {partners_total}، "
           "إلى {reached_total} شخص.",
     "ru": "Гуманитарные партнеры наращивают помощь, используя запасы, заблаговременно размещенные в "
           "мухафазе Идлиб и на севере мухафазы Алеппо. Партнеры в секторе здравоохранения обеспечили "
           "больницы, принимающие пострадавших, наборами для лечения травм, а партнеры в области "
           "продовольственной безопасности, жилья, водоснабжения, санитарии и гигиены и управления "
           "лагерями поддерживают вновь перемещенные семьи в центрах приема в районе Харим. На данный "
           "момент число участвующих в реагировании организаций составляет {partners_total}, а число "
           "получателей помощи — {reached_total}.",
     "zh": "人道主义合作伙伴正利用预先储备在伊德利卜和阿勒颇北部的物资扩大援助。卫生合作伙伴已向收治伤员的医"
           "院提供创伤救治包；粮食、住所、水和环境卫生以及营地管理合作伙伴则在哈里姆区的接待中心为新近流离失"
           "所的家庭提供支持。截至目前，已有{partners_total}个组织向{reached_tot"
           "al}人提供了援助。"},
    {"section": "response", "refs": "S3, S5",
     "en": "Partners identify emergency shelter, winter items, food, safe drinking water and trauma care "
           "as the most urgent needs. Additional funding will be needed to sustain the response if "
           "displacement continues.",
     "fr": "Selon les partenaires, les besoins les plus urgents concernent les abris d’urgence, les "
           "articles d’hiver, les vivres, l’eau potable et les soins traumatologiques. Des "
           "financements supplémentaires seront nécessaires pour maintenir la réponse si les "
           "déplacements se poursuivent.",
     "es": "Los socios señalan como necesidades más urgentes el alojamiento de emergencia, los "
           "artículos de invierno, los alimentos, el agua potable y la atención de traumatismos. Se "
           "necesitará financiación adicional para sostener la respuesta si continúan los "
           "desplazamientos.",
     "ar": "يحدد الشركاء المأوى الطارئ ومستلزمات فصل الشتاء والغذاء ومياه الشرب المأمونة وعلاج "
           "الإصابات بوصفها أكثر الاحتياجات إلحاحًا. وسيلزم تمويل إضافي لمواصلة الاستجابة إذا استمر "
           "النزوح.",
     "ru": "По мнению партнеров, наиболее неотложными потребностями являются экстренные укрытия, "
           "предметы для зимнего периода, продовольствие, безопасная питьевая вода и помощь при "
           "травмах. Если перемещение населения продолжится, для поддержания мер реагирования "
           "потребуется дополнительное финансирование.",
     "zh": "合作伙伴认为，最紧迫的需求是紧急住所、过冬物资、粮食、安全饮用水和创伤救治。如果流离失所持续下去"
           "，维持应对行动还需要更多资金。"},
    {"section": "access", "refs": "S4",
     "en": "Hostilities have restricted movement on the main roads between Idleb and western rural "
           "Aleppo, and several partners have paused activities in communities closest to the front "
           "lines. The United Nations calls on all parties to protect civilians and civilian "
           "infrastructure, including health facilities and schools, and to allow safe and unimpeded "
           "humanitarian access.",
     "fr": "Les hostilités ont restreint les déplacements sur les principaux axes routiers entre "
           "Idlib et la campagne ouest d’Alep, et plusieurs partenaires ont suspendu leurs activités "
           "dans les localités les plus proches des lignes de front. L’Organisation des Nations Unies "
           "appelle toutes les parties à protéger les civils et les infrastructures civiles, y "
           "compris les établissements de santé et les écoles, et à permettre un accès humanitaire "
           "sûr et sans entrave.",
     "es": "Las hostilidades han restringido la circulación por las principales carreteras entre "
           "Idlib y las zonas rurales del oeste de Alepo, y varios socios han suspendido "
           "temporalmente sus actividades en las comunidades más próximas a las líneas del frente. "
           "Las Naciones Unidas exhortan a todas las partes a proteger a la población civil y la "
           "infraestructura civil, incluidos los centros de salud y las escuelas, y a permitir un "
           "acceso humanitario seguro y sin trabas.",
     "ar": "أدّت الأعمال العدائية إلى تقييد الحركة على الطرق الرئيسية بين إدلب وريف حلب الغربي، وعلّق "
           "عدد من الشركاء أنشطتهم في التجمعات السكانية الأقرب إلى خطوط المواجهة. وتدعو الأمم "
           "المتحدة جميع الأطراف إلى حماية المدنيين والبنية التحتية المدنية، بما فيها المرافق الصحية "
           "والمدارس، وإلى إتاحة وصول المساعدات الإنسانية بصورة آمنة ودون عوائق.",
     "ru": "Боевые действия ограничили передвижение по основным дорогам между Идлибом и сельской "
           "местностью на западе мухафазы Алеппо, и ряд партнеров приостановили работу в населенных "
           "пунктах, ближайших к линии фронта. Организация Объединенных Наций призывает все стороны "
           "защищать гражданское население и гражданскую инфраструктуру, включая медицинские "
           "учреждения и школы, и обеспечить безопасный и беспрепятственный гуманитарный доступ.",
     "zh": "敌对行动限制了伊德利卜与阿勒颇西部农村地区之间主要道路上的通行，一些合作伙伴已暂停在最靠近前线的"
           "社区开展活动。联合国呼吁各方保护平民和民用基础设施，包括医疗设施和学校，并允许安全、不受阻碍的人"
           "道主义准入。"},
    {"section": "displacement", "refs": "S3",
     "en": "CCCM partners recorded {displaced_total} newly displaced people ({households_displaced} "
           "households) between {period_start} and {period_end}, most of them from western rural Aleppo and from "
           "towns in central Idleb. Many families moved north to camps in Harim district; others are "
           "staying with relatives or in unfinished buildings.",
     "fr": "Entre le {period_start} et le {period_end}, les partenaires de la coordination et de la gestion des "
           "camps (CCCM) ont recensé {displaced_total} personnes nouvellement déplacées "
           "({households_displaced} ménages), originaires pour la plupart de la campagne ouest d’Alep "
           "et de villes du centre du gouvernorat d’Idlib. De nombreuses familles sont parties vers "
           "le nord, dans des camps du district de Harim ; d’autres sont hébergées chez des proches "
           "ou dans des bâtiments inachevés.",
     "es": "Entre el {period_start} y el {period_end}, los socios de coordinación y gestión de campamentos "
           "(CCCM) registraron {displaced_total} personas recién desplazadas ({households_displaced} "
           "hogares), la mayoría procedentes de las zonas rurales del oeste de Alepo y de localidades "
           "del centro de Idlib. Muchas familias se trasladaron hacia el norte, a campamentos del "
           "distrito de Harim; otras se alojan con familiares o en edificios sin terminar.",
     "ar": "سجّل الشركاء في قطاع تنسيق وإدارة المخيمات نزوح {displaced_total} شخص "
           "({households_displaced} أسرة) حديثًا بين {period_start} و{period_end}، معظمهم من ريف حلب "
           "الغربي ومن بلدات في وسط إدلب. وتوجّهت أسر كثيرة شمالًا إلى المخيمات في منطقة حارم، فيما "
           "يقيم آخرون لدى أقاربهم أو في مبانٍ غير مكتملة.",
     "ru": "По данным партнеров по координации и управлению лагерями, с {period_start} по {period_end} число вновь "
           "перемещенных лиц составило {displaced_total} (домохозяйств — {households_displaced}); "
           "большинство из них прибыли из сельской местности на западе мухафазы Алеппо и из городов в "
           "центральной части мухафазы Идлиб. Многие семьи направились на север, в лагеря в районе "
           "Харим; другие остановились у родственников или в недостроенных зданиях.",
     "zh": "{period_start}至{period_end}，营地协调和营地管理合作伙伴记录到{displaced_total}名新增流"
           "离失所者（{households_displaced}户），其中大多数来自阿勒颇西部农村地区和伊"
           "德利卜中部的城镇。许多家庭向北迁往哈里姆区的营地，另一些则投靠亲友或暂住在未完工的建筑中。"},
    {"section": "casualties", "refs": "S1, S2, S4",
     "en": "Casualty figures combine Health Cluster and local council reports. Where the two differ for "
           "the same district and day, the Health Cluster figure is used; children account for "
           "{injured_children} of the {injured_total} people injured.",
     "fr": "Les chiffres relatifs aux victimes combinent les rapports du Cluster Santé et ceux des "
           "conseils locaux. Lorsque les deux sources divergent pour un même district et un même "
           "jour, c’est le chiffre du Cluster Santé qui est retenu ; les enfants représentent "
           "{injured_children} des {injured_total} blessés.",
     "es": "Las cifras de víctimas combinan los informes del Clúster de Salud y los de los consejos "
           "locales. Cuando ambas fuentes difieren para un mismo distrito y día, se utiliza la cifra "
           "del Clúster de Salud; {injured_children} de las {injured_total} personas heridas son "
           "niños.",
     "ar": "تجمع أرقام الضحايا بين تقارير مجموعة الصحة وتقارير المجالس المحلية. وحيثما اختلف المصدران "
           "بشأن المنطقة نفسها في اليوم نفسه، يُعتمد رقم مجموعة الصحة؛ ويبلغ عدد الأطفال "
           "{injured_children} من إجمالي الجرحى البالغ عددهم {injured_total}.",
     "ru": "Данные о жертвах объединяют сведения кластера здравоохранения и местных советов. Если "
           "данные двух источников по одному и тому же району за один и тот же день расходятся, "
           "используется показатель кластера здравоохранения; дети составляют {injured_children} от "
           "общего числа раненых ({injured_total}).",
     "zh": "伤亡数字综合了卫生组群和地方议会的报告。两者对同一区、同一天的数字不一致时，采用卫生组群的数字；"
           "在{injured_total}名伤者中，儿童占{injured_children}名。"},
    # Sector paragraphs: under each sector of the Situation Report, "Needs", "Response"
    # (followed by the sector's people reached and targeted) and "Gaps".
    {"section": "needs", "sector": "Health", "refs": "S2, S3, S4",
     "en": "Hospitals in Aleppo and Idleb governorates that are treating the {injured_total} "
           "people injured since 27 November need a steady supply of trauma kits, surgical "
           "supplies and essential medicines. Primary health care, including through mobile "
           "clinics, is also needed for newly displaced families in reception centres and camps in "
           "Harim district.",
     "fr": "Les hôpitaux des gouvernorats d’Alep et d’Idlib qui soignent les {injured_total} "
           "personnes blessées depuis le 27 novembre ont besoin d’un approvisionnement régulier en "
           "kits de traumatologie, en fournitures chirurgicales et en médicaments essentiels. Des "
           "soins de santé primaires, notamment au moyen de cliniques mobiles, sont également "
           "nécessaires pour les familles nouvellement déplacées dans les centres d’accueil et les "
           "camps du district de Harim.",
     "es": "Los hospitales de las gobernaciones de Alepo e Idlib que atienden a las "
           "{injured_total} personas heridas desde el 27 de noviembre necesitan un suministro "
           "constante de kits de traumatología, material quirúrgico y medicamentos esenciales. "
           "También se requiere atención primaria de salud, incluso mediante clínicas móviles, "
           "para las familias recién desplazadas en los centros de acogida y los campamentos del "
           "distrito de Harim.",
     "ar": "تحتاج المستشفيات في محافظتي حلب وإدلب، التي تعالج الجرحى البالغ عددهم {injured_total} "
           "منذ 27 تشرين الثاني/نوفمبر، إلى إمدادات منتظمة من مستلزمات علاج الإصابات واللوازم "
           "الجراحية والأدوية الأساسية. كما تلزم خدمات الرعاية الصحية الأولية، بما في ذلك عبر "
           "العيادات المتنقلة، للأسر النازحة حديثًا في مراكز الاستقبال والمخيمات في منطقة حارم.",
     "ru": "Больницам в мухафазах Алеппо и Идлиб, принимающим раненых (с 27 ноября их число "
           "составило {injured_total}), необходимы регулярные поставки наборов для лечения травм, "
           "хирургических материалов и основных лекарственных средств. Кроме того, вновь "
           "перемещенным семьям в центрах приема и лагерях в районе Харим требуется первичная "
           "медико-санитарная помощь, в том числе с помощью мобильных клиник.",
     "zh": "阿勒颇省和伊德利卜省的医院自11月27日以来已收治{injured_total}名伤者，需要持续"
           "获得创伤救治包、外科用品和基本药物。哈里姆区接待中心和营地中新近流离失所的家庭也需要初级卫生保健"
           "服务，包括通过流动诊所提供的服务。"},
    {"section": "response", "sector": "Health", "refs": "S5",
     "en": "WHO has delivered trauma kits and medical supplies to hospitals in Idleb district that "
           "are receiving casualties. The Syrian Arab Red Crescent is providing first aid and "
           "ambulance transport for injured civilians in western rural Aleppo.",
     "fr": "L’OMS a livré des kits de traumatologie et des fournitures médicales aux hôpitaux du "
           "district d’Idlib qui prennent en charge les blessés. Le Croissant-Rouge arabe syrien "
           "assure les premiers secours et le transport en ambulance des civils blessés dans la "
           "campagne ouest d’Alep.",
     "es": "La OMS ha entregado kits de traumatología y suministros médicos a los hospitales del "
           "distrito de Idlib que atienden a los heridos. La Media Luna Roja Árabe Siria presta "
           "primeros auxilios y traslada en ambulancia a los civiles heridos en las zonas rurales "
           "del oeste de Alepo.",
     "ar": "سلّمت منظمة الصحة العالمية مستلزمات علاج الإصابات وإمدادات طبية إلى المستشفيات التي "
           "تستقبل المصابين في منطقة إدلب. ويقدّم الهلال الأحمر العربي السوري الإسعافات الأولية "
           "وخدمات النقل بسيارات الإسعاف للمدنيين المصابين في ريف حلب الغربي.",
     "ru": "ВОЗ доставила наборы для лечения травм и медицинские материалы в больницы района "
           "Идлиб, принимающие пострадавших. Сирийский арабский Красный Полумесяц оказывает первую "
           "помощь раненым мирным жителям в сельской местности на западе мухафазы Алеппо и "
           "доставляет их в больницы на машинах скорой помощи.",
     "zh": "世界卫生组织已向伊德利卜区收治伤员的医院运送了创伤救治包和医疗用品。叙利亚阿拉伯红新月会正在阿勒"
           "颇西部农村地区为受伤平民提供急救和救护车转运服务。"},
    {"section": "gaps", "sector": "Health", "refs": "S2, S4",
     "en": "Trauma supplies pre-positioned in the north-west are being depleted quickly, and "
           "additional funding is needed to restock hospitals. Fuel shortages and power cuts put "
           "the operation of generators and ambulances at risk, while insecurity on the roads to "
           "western rural Aleppo limits patient referrals and deliveries to health facilities near "
           "the front lines.",
     "fr": "Les fournitures de traumatologie prépositionnées dans le nord-ouest s’épuisent "
           "rapidement, et des financements supplémentaires sont nécessaires pour réapprovisionner "
           "les hôpitaux. Le manque de carburant et les coupures d’électricité menacent le "
           "fonctionnement des générateurs et des ambulances, tandis que l’insécurité sur les "
           "routes menant à la campagne ouest d’Alep limite les orientations de patients et les "
           "livraisons aux établissements de santé proches des lignes de front.",
     "es": "Los suministros de traumatología preposicionados en el noroeste se están agotando con "
           "rapidez, y se necesita financiación adicional para reabastecer a los hospitales. La "
           "escasez de combustible y los cortes de electricidad ponen en riesgo el funcionamiento "
           "de los generadores y las ambulancias, mientras que la inseguridad en las carreteras "
           "hacia las zonas rurales del oeste de Alepo limita las derivaciones de pacientes y las "
           "entregas a los centros de salud próximos a las líneas del frente.",
     "ar": "تنفد بسرعة مستلزمات علاج الإصابات المخزّنة مسبقًا في الشمال الغربي، ويلزم تمويل إضافي "
           "لإعادة تزويد المستشفيات بالإمدادات. ويهدد نقص الوقود وانقطاع التيار الكهربائي تشغيلَ "
           "المولدات وسيارات الإسعاف، فيما يحدّ انعدام الأمن على الطرق المؤدية إلى ريف حلب الغربي "
           "من إحالة المرضى ومن إيصال الإمدادات إلى المرافق الصحية القريبة من خطوط المواجهة.",
     "ru": "Заблаговременно размещенные на северо-западе запасы материалов для лечения травм "
           "быстро истощаются, и для пополнения запасов больниц требуется дополнительное "
           "финансирование. Нехватка топлива и перебои с электроснабжением ставят под угрозу "
           "работу генераторов и машин скорой помощи, а отсутствие безопасности на дорогах, "
           "ведущих в сельскую местность на западе мухафазы Алеппо, затрудняет направление "
           "пациентов и доставку материалов в медицинские учреждения вблизи линии фронта.",
     "zh": "预先储备在西北部的创伤救治物资正在迅速消耗，需要更多资金为医院补充库存。燃料短缺和停电使发电机和"
           "救护车的运转面临风险，而通往阿勒颇西部农村地区道路上的不安全状况，限制了病人转诊以及向前线附近医"
           "疗设施运送物资。"},
    {"section": "needs", "sector": "Shelter/NFI", "refs": "S3, S4",
     "en": "Many of the {displaced_total} newly displaced people fled with few belongings just as "
           "winter temperatures set in. Families arriving in Harim district and northern Aleppo "
           "need tents or space in reception centres, as well as blankets, mattresses, winter "
           "clothing and heating fuel; those staying in unfinished buildings need sealing-off kits "
           "to protect them from rain and cold.",
     "fr": "Nombre des {displaced_total} personnes nouvellement déplacées ont fui avec peu "
           "d’effets personnels, au moment même où s’installent les températures hivernales. Les "
           "familles qui arrivent dans le district de Harim et dans le nord d’Alep ont besoin de "
           "tentes ou d’une place dans les centres d’accueil, ainsi que de couvertures, de "
           "matelas, de vêtements d’hiver et de combustible de chauffage ; celles qui sont "
           "hébergées dans des bâtiments inachevés ont besoin de kits de calfeutrage pour se "
           "protéger de la pluie et du froid.",
     "es": "Muchas de las {displaced_total} personas recién desplazadas huyeron con pocas "
           "pertenencias, justo cuando comienzan las temperaturas invernales. Las familias que "
           "llegan al distrito de Harim y al norte de Alepo necesitan tiendas de campaña o plazas "
           "en los centros de acogida, así como mantas, colchones, ropa de invierno y combustible "
           "para calefacción; quienes se alojan en edificios sin terminar necesitan kits de "
           "aislamiento para protegerse de la lluvia y el frío.",
     "ar": "فرّ كثير من النازحين حديثًا، البالغ عددهم {displaced_total} شخص، حاملين القليل من "
           "أمتعتهم مع بدء انخفاض درجات الحرارة في فصل الشتاء. وتحتاج الأسر الواصلة إلى منطقة حارم "
           "وشمال حلب إلى خيام أو أماكن في مراكز الاستقبال، إضافة إلى البطانيات والفرش والملابس "
           "الشتوية ووقود التدفئة، فيما تحتاج الأسر المقيمة في مبانٍ غير مكتملة إلى مواد عزل تقيها "
           "المطر والبرد.",
     "ru": "Многие из вновь перемещенных лиц (их число составляет {displaced_total}) покинули свои "
           "дома, взяв с собой лишь самое необходимое, как раз с наступлением зимних холодов. "
           "Семьям, прибывающим в район Харим и на север мухафазы Алеппо, необходимы палатки или "
           "места в центрах приема, а также одеяла, матрасы, зимняя одежда и топливо для обогрева; "
           "тем, кто остановился в недостроенных зданиях, требуются комплекты для утепления "
           "помещений, чтобы защититься от дождя и холода.",
     "zh": "{displaced_total}名新近流离失所者中，许多人在冬季气温骤降之际仓促出逃，几乎没有"
           "带走任何财物。抵达哈里姆区和阿勒颇北部的家庭需要帐篷或接待中心的床位，以及毛毯、床垫、冬衣和取暖"
           "燃料；暂住在未完工建筑中的家庭则需要封闭工具包，以抵御雨水和寒冷。"},
    {"section": "gaps", "sector": "Shelter/NFI", "refs": "S3, S4",
     "en": "Reception centres in Sarmada are at capacity, and new arrivals are being hosted in "
           "overcrowded camps and collective shelters that lack privacy and adequate heating. If "
           "displacement continues, stocks of tents and winterisation kits will not cover all "
           "newly displaced families, and additional funding is needed to replenish them.",
     "fr": "Les centres d’accueil de Sarmada sont saturés, et les nouveaux arrivants sont hébergés "
           "dans des camps et des abris collectifs surpeuplés, qui n’offrent ni intimité ni "
           "chauffage suffisant. Si les déplacements se poursuivent, les stocks de tentes et de "
           "kits d’hivernage ne suffiront pas à couvrir toutes les familles nouvellement "
           "déplacées, et des financements supplémentaires sont nécessaires pour les reconstituer.",
     "es": "Los centros de acogida de Sarmada han alcanzado su capacidad máxima, y los recién "
           "llegados se alojan en campamentos y refugios colectivos hacinados, sin privacidad ni "
           "calefacción suficiente. Si continúan los desplazamientos, las existencias de tiendas "
           "de campaña y kits de invierno no alcanzarán para todas las familias recién "
           "desplazadas, y se necesita financiación adicional para reponerlas.",
     "ar": "بلغت مراكز الاستقبال في سرمدا طاقتها الاستيعابية القصوى، ويُستضاف الوافدون الجدد في "
           "مخيمات ومراكز إيواء جماعية مكتظة تفتقر إلى الخصوصية والتدفئة الكافية. وإذا استمر "
           "النزوح، فلن تكفي مخزونات الخيام ومستلزمات فصل الشتاء لتغطية جميع الأسر النازحة حديثًا، "
           "ويلزم تمويل إضافي لتجديدها.",
     "ru": "Центры приема в Сармаде заполнены, и вновь прибывших размещают в переполненных лагерях "
           "и коллективных убежищах, где нет условий для уединения и недостаточно отопления. Если "
           "перемещение населения продолжится, запасов палаток и комплектов для зимнего периода не "
           "хватит на все вновь перемещенные семьи, и для их пополнения требуется дополнительное "
           "финансирование.",
     "zh": "萨尔马达的接待中心已经满员，新来者只能安置在过度拥挤的营地和集体住所中，那里缺乏隐私，取暖条件也"
           "不足。如果流离失所持续下去，帐篷和过冬物资包的库存将无法满足所有新近流离失所家庭的需要，补充库存"
           "需要更多资金。"},
    {"section": "needs", "sector": "Food Security", "refs": "S3, S5",
     "en": "Newly displaced families arriving in reception centres and collective shelters need "
           "ready-to-eat food and hot meals in the first days after displacement, as many have no "
           "means to cook. Once settled, households will need regular food or cash assistance, as "
           "the escalation has disrupted livelihoods and local markets in affected areas.",
     "fr": "Les familles nouvellement déplacées qui arrivent dans les centres d’accueil et les "
           "abris collectifs ont besoin de rations prêtes à consommer et de repas chauds dans les "
           "premiers jours suivant leur déplacement, beaucoup n’ayant pas les moyens de cuisiner. "
           "Une fois installés, les ménages auront besoin d’une aide alimentaire régulière ou "
           "d’une assistance en espèces, l’escalade ayant perturbé les moyens de subsistance et "
           "les marchés locaux dans les zones touchées.",
     "es": "Las familias recién desplazadas que llegan a los centros de acogida y los refugios "
           "colectivos necesitan raciones listas para el consumo y comidas calientes durante los "
           "primeros días tras el desplazamiento, ya que muchas no tienen medios para cocinar. Una "
           "vez instalados, los hogares necesitarán asistencia alimentaria periódica o "
           "transferencias de efectivo, dado que la escalada ha perturbado los medios de vida y "
           "los mercados locales en las zonas afectadas.",
     "ar": "تحتاج الأسر النازحة حديثًا الواصلة إلى مراكز الاستقبال ومراكز الإيواء الجماعية إلى حصص "
           "غذائية جاهزة للأكل ووجبات ساخنة خلال الأيام الأولى من نزوحها، إذ يفتقر كثير منها إلى "
           "وسائل الطهي. وبعد استقرارها، ستحتاج الأسر إلى مساعدات غذائية منتظمة أو مساعدات نقدية، "
           "نظرًا إلى أن التصعيد عطّل سبل العيش والأسواق المحلية في المناطق المتضررة.",
     "ru": "Вновь перемещенным семьям, прибывающим в центры приема и коллективные убежища, в "
           "первые дни после перемещения необходимы готовые к употреблению продуктовые пайки и "
           "горячее питание, поскольку у многих из них нет возможности готовить пищу. После "
           "обустройства домохозяйствам потребуется регулярная продовольственная или денежная "
           "помощь, так как эскалация нарушила источники средств к существованию и работу местных "
           "рынков в пострадавших районах.",
     "zh": "抵达接待中心和集体住所的新近流离失所家庭中，许多人没有做饭的条件，在流离失所后的头几天需要即食食"
           "品和热餐。安顿下来后，由于局势升级扰乱了受影响地区的生计和当地市场，各户将需要定期的粮食或现金援"
           "助。"},
    {"section": "gaps", "sector": "Food Security", "refs": "S4, S5",
     "en": "Ready-to-eat rations have so far been distributed mainly in Harim district, and "
           "families who moved to northern Aleppo or are staying with relatives are harder to "
           "reach. Road closures towards western rural Aleppo, fuel shortages and limited funding "
           "for the winter months constrain the scale-up of food assistance.",
     "fr": "Jusqu’à présent, les rations prêtes à consommer ont surtout été distribuées dans le "
           "district de Harim, et les familles parties vers le nord d’Alep ou hébergées chez des "
           "proches sont plus difficiles à atteindre. La fermeture de routes vers la campagne "
           "ouest d’Alep, les pénuries de carburant et le manque de financements pour les mois "
           "d’hiver freinent l’intensification de l’aide alimentaire.",
     "es": "Hasta ahora, las raciones listas para el consumo se han distribuido sobre todo en el "
           "distrito de Harim, y resulta más difícil llegar a las familias que se trasladaron al "
           "norte de Alepo o que se alojan con familiares. El cierre de carreteras hacia las zonas "
           "rurales del oeste de Alepo, la escasez de combustible y la falta de financiación para "
           "los meses de invierno limitan la ampliación de la asistencia alimentaria.",
     "ar": "وُزّعت الحصص الغذائية الجاهزة للأكل حتى الآن في منطقة حارم بصورة رئيسية، ويصعب الوصول "
           "إلى الأسر التي انتقلت إلى شمال حلب أو التي تقيم لدى أقاربها. ويحدّ إغلاق الطرق المؤدية "
           "إلى ريف حلب الغربي ونقص الوقود ومحدودية التمويل المخصص لأشهر الشتاء من توسيع نطاق "
           "المساعدات الغذائية.",
     "ru": "Готовые к употреблению продуктовые пайки до сих пор распределялись главным образом в "
           "районе Харим; охватить помощью семьи, переселившиеся на север мухафазы Алеппо или "
           "остановившиеся у родственников, сложнее. Расширению продовольственной помощи "
           "препятствуют закрытие дорог в сельскую местность на западе мухафазы Алеппо, нехватка "
           "топлива и недостаточное финансирование на зимние месяцы.",
     "zh": "迄今为止，即食口粮主要在哈里姆区发放，迁往阿勒颇北部或投靠亲友的家庭较难得到援助。通往阿勒颇西部"
           "农村地区的道路封闭、燃料短缺以及冬季月份资金有限，都制约着粮食援助的扩大。"},
]


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
BOLD = Font(bold=True)
TAG_FONT = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TAG_FILL = PatternFill("solid", fgColor="F2F2F2")


def add_sheet(wb: Workbook, title: str, columns: list[tuple[str, str]], rows: list[tuple],
              *, hashtags: bool = True) -> None:
    """One intake sheet: label row (bold), optional HXL row, data, widths, frozen header."""
    ws = wb.create_sheet(title)
    ws.append([label for label, _ in columns])
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if hashtags:
        ws.append([tag for _, tag in columns])
        for cell in ws[2]:
            cell.font = TAG_FONT
            cell.fill = TAG_FILL
    first = ws.max_row + 1
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    for r in ws.iter_rows(min_row=first):
        for cell in r:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, int):
                cell.number_format = "#,##0"
            elif isinstance(cell.value, str) and len(cell.value) > 60:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (label, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(label, max(12, len(label) + 2))
    ws.freeze_panes = f"A{first}"


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip timestamps, so reruns are byte-identical."""
    from sitrep.intake.template import save_reproducibly

    wb.properties.title = path.stem
    path.write_bytes(save_reproducibly(wb))


def check_narrative() -> None:
    """Every filled translation keeps exactly the {placeholders} of the English text, and a
    sector, where given, is a known one on a needs/response/gaps paragraph."""
    from sitrep.intake.schema import SECTORS

    for para in NARRATIVE:
        expected = sorted(PLACEHOLDER.findall(para["en"]))
        for _, code in LANGUAGES:
            text = para.get(code, "")
            assert not text or sorted(PLACEHOLDER.findall(text)) == expected, (para["section"], code, text)
        sector = para.get("sector", "")
        assert not sector or (sector in SECTORS and para["section"] in ("needs", "response", "gaps")), para


def new_book() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(exist_ok=True)
    written = []

    wb = new_book()
    add_sheet(wb, "Casualties", CASUALTY_COLUMNS, HEALTH_CASUALTIES)
    save(wb, path := out / "health-cluster.xlsx")
    written.append(path)

    wb = new_book()
    add_sheet(wb, "Displacement", DISPLACEMENT_COLUMNS, DISPLACEMENT, hashtags=False)
    save(wb, path := out / "cccm-displacement.xlsx")
    written.append(path)

    wb = new_book()
    add_sheet(wb, "Locations", LOCATION_COLUMNS, LOCATIONS)
    add_sheet(wb, "Casualties", CASUALTY_COLUMNS, LOCAL_CASUALTIES)
    save(wb, path := out / "local-councils.xlsx")
    written.append(path)

    wb = new_book()
    check_narrative()
    narrative_rows = [(para["section"], *(para.get(code, "") for _, code in LANGUAGES), para["refs"],
                       para.get("sector", ""))
                      for para in NARRATIVE]
    add_sheet(wb, "Narrative", NARRATIVE_COLUMNS, narrative_rows)
    add_sheet(wb, "Sources", SOURCE_COLUMNS, SOURCES)
    save(wb, path := out / "ocha-narrative.xlsx")
    written.append(path)

    path = out / "response-partners.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([label for label, _ in RESPONSE_COLUMNS])
        writer.writerow([tag for _, tag in RESPONSE_COLUMNS])
        for row in RESPONSE:
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Expected merged figures (a small re-implementation of the merge rules, for checking)
# ---------------------------------------------------------------------------------------------
DISTRICT_CODES = {"jebel saman": "SY0200", "al bab": "SY0202", "afrin": "SY0203", "a'zaz": "SY0204",
                  "idleb": "SY0700", "idlib": "SY0700", "al ma'ra": "SY0702", "harim": "SY0703",
                  "jisr-ash-shugur": "SY0704", "ariha": "SY0705"}
PRIORITY = [HC, CCCM, LC]


def expected_totals(as_of: dt.date = AS_OF) -> dict[str, int]:
    """The merged figures of the report as of ``as_of`` (rows dated later are not counted)."""
    groups: dict[tuple, list[tuple]] = {}
    for row in HEALTH_CASUALTIES + LOCAL_CASUALTIES:
        if row[0] > as_of:
            continue
        key = (row[0], row[4] or DISTRICT_CODES[row[3].casefold()])
        groups.setdefault(key, []).append(row)
    winners = [min(rows, key=lambda r: PRIORITY.index(r[9])) for rows in groups.values()]
    displacement = [r for r in DISPLACEMENT if r[0] <= as_of]
    people = [int(str(r[5]).replace(",", "")) for r in displacement]
    districts = {k[1] for k in groups} | {r[4] or DISTRICT_CODES[r[3].casefold()] for r in displacement} \
        | {r[3] for r in LOCATIONS}
    return {
        "killed": sum(r[5] for r in winners),
        "killed_children": sum(r[6] for r in winners),
        "injured": sum(r[7] for r in winners),
        "injured_children": sum(r[8] for r in winners),
        "displaced": sum(people),
        "households": sum(r[6] for r in displacement),
        "locations_affected": len(LOCATIONS),
        "districts_affected": len(districts),
        "reached": sum(r[7] for r in RESPONSE),
        "partners": len({r[5] for r in RESPONSE}),
    }


if __name__ == "__main__":
    for written_path in write_all():
        print(f"wrote {written_path.relative_to(HERE)}")
    totals = expected_totals()
    print("expected merged figures: " + ", ".join(f"{k} {v:,}" for k, v in totals.items()))
    assert totals["killed"] == 27 and totals["killed_children"] == 8, totals
