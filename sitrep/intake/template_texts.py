"""The words of the blank intake templates, one block per language (data, not code).

Header labels, sheet names and list values are not here: they live in
:data:`sitrep.intake.schema.TRANSLATIONS`, because the reader must understand them too.
Excel limits input-message and error-alert titles to 32 characters and their texts to 255;
tests/test_intake_template.py checks every text against those limits.
"""

from __future__ import annotations

from sitrep.intake.template_shape import EXAMPLE_VALUES, AlertTexts, TemplateTexts

__all__ = ["EXAMPLE_MARKERS", "EXAMPLE_VALUES", "TEXTS", "AlertTexts", "TemplateTexts"]


def _ltr(text: str) -> str:
    """Keep a date or figure left to right inside Arabic text: without the marks the bidi
    algorithm shows 2024-11-29 as 29-11-2024 and 500+ as +500. Left-to-right marks (U+200E),
    not embeddings: LibreOffice Calc ignored U+202A/U+202C."""
    return f"\u200e{text}\u200e"


_EN = TemplateTexts(
    title="Intake workbook — Flash Update / Situation Report",
    intro="Use this workbook to send your organisation's figures for the report. Each sheet holds one kind "
          "of data: fill in only the sheets that concern you and leave the others empty. One row is one "
          "report: one place, one day.",
    steps=(
        "Type your figures from row 4 down, one row per place and day. Row 2 (grey) is an example and is "
        "never read.",
        "Do not change row 1 (column names) or row 3 (HXL hashtags): they tell sitrep which figure is in "
        "which column. You may add columns of your own; they are ignored.",
        "Pick places, sectors and other listed values from the drop-down lists. Governorate and district "
        "names and P-codes come from the report's gazetteer.",
        "Numbers: whole numbers of people, 0 or more, without decimals. For an estimate type ~500 or 500+; "
        "it is used and flagged as an estimate.",
        "Dates: type them as 2024-11-29 (year-month-day). A date such as 03/04/2024 can be read two ways "
        "and is flagged.",
        "Columns with a dark blue name are required. Leave a cell empty when you do not know the figure; "
        "do not type 0 for unknown.",
        "Save as Excel Workbook (.xlsx), without a password, and send the file to the information "
        "management officer.",
    ),
    sheets_heading="Sheets and columns",
    steps_heading="How to fill in this workbook",
    table_headings=("Sheet", "Column", "HXL hashtag", "Required", "What to type", "Example"),
    required="yes",
    location_required="one place",
    figure_required="one figure",
    sheet_help={
        "Casualties": "People killed and injured, by place and day.",
        "Displacement": "People newly displaced, by place and day.",
        "Locations": "Affected communities and their situation (hostilities, access, services).",
        "Response": "People reached by the response, by sector.",
        "Narrative": "Paragraphs of the report: one row per paragraph, one column per language. Figures "
                     "are inserted as {killed_total}.",
        "Sources": "The documents and reports that the figures and paragraphs come from.",
    },
    column_help={
        "date": "The day the figures refer to (the day of the incidents or of the displacement).",
        "Response.date": "The day (or last day) of the activity.",
        "Sources.date": "Publication date of the document.",
        "adm1_name": "Governorate name, from the list.",
        "adm1_code": "Governorate P-code, from the list (e.g. SY02). Optional when the name is given.",
        "adm2_name": "District name, from the list. Leave it empty for a figure that covers the whole "
                     "governorate.",
        "adm2_code": "District P-code, from the list (e.g. SY0200).",
        "killed": "Number of people killed.",
        "killed_children": "Of whom children (under 18). Not more than Killed.",
        "injured": "Number of people injured.",
        "injured_children": "Of whom children (under 18). Not more than Injured.",
        "org": "Your organisation's name, as in the list when it is there.",
        "Sources.org": "The organisation that published the document.",
        "reported": "When these figures were compiled (used when several reports disagree).",
        "notes": "Anything that helps to read the figures: source, places, caveats.",
        "idps": "Number of people newly displaced.",
        "households": "Number of households among them.",
        "place": "Name of the town, village or site.",
        "status": "The community's situation, from the list.",
        "latitude": "Optional: the place's latitude in decimal degrees (36.2021); the map marks it.",
        "longitude": "Optional: its longitude in decimal degrees (37.1343), east positive.",
        "sector": "The sector (cluster) of the activity, from the list.",
        "activity": "What was done, in a few words.",
        "reached": "Number of people reached.",
        "targeted": "Number of people planned to be reached.",
        "section": "Where the paragraph goes in the report, from the list.",
        "text": "The paragraph in this column's language. Write figures as {killed_total} to use the "
                "merged figures.",
        "sources": "References from the Sources sheet, e.g. S1, S2.",
        "Narrative.sector": "For needs, response and gaps paragraphs of a Situation Report: the sector "
                            "they are about. Leave empty otherwise.",
        "ref": "A short reference such as S1, cited in the Narrative sheet.",
        "title": "Title of the document or report.",
        "url": "Web address, if any.",
    },
    date_alert=AlertTexts(title="Not a date", message="Type the date as 2024-11-28 (year-month-day), "
                                                      "between 2000 and 2099."),
    count_alert=AlertTexts(title="Whole number expected",
                           message="Type a whole number of people, 0 or more (e.g. 27). For an estimate, "
                                   "click Yes and type ~500: it will be flagged as an estimate."),
    list_alert=AlertTexts(title="Not in the list", message="Choose a value from the drop-down list."),
    area_alert=AlertTexts(title="Unknown place", message="Choose a name or a P-code from the drop-down list "
                                                         "(the report's gazetteer)."),
    org_alert=AlertTexts(title="Organisation not in the list",
                         message="This name is not in the list of partners. Click OK to keep it, or Cancel "
                                 "to choose from the list."),
    example={"adm1_name": "Aleppo", "adm2_name": "Jebel Saman", "org": "Health Cluster",
             "notes": "Example: figures from hospitals in Jebel Saman district", "place": "Atareb",
             "activity": "Trauma kits delivered to two hospitals",
             "text": "Example: {killed_total} civilians, including {killed_children} children, were killed "
                     "between 27 and 29 November.",
             "title": "Example: casualty reports from health facilities"},
    example_marker="Example:",
)

_FR = TemplateTexts(
    title="Classeur de saisie — Flash Update / Rapport de situation",
    intro="Ce classeur sert à transmettre les chiffres de votre organisation pour le rapport. Chaque feuille "
          "contient un type de données : remplissez uniquement celles qui vous concernent et laissez les "
          "autres vides. Une ligne correspond à un rapport : un lieu, un jour.",
    steps=(
        "Saisissez vos chiffres à partir de la ligne 4, une ligne par lieu et par jour. La ligne 2 (en gris) "
        "est un exemple ; elle n'est jamais lue.",
        "Ne modifiez ni la ligne 1 (noms des colonnes) ni la ligne 3 (hashtags HXL) : elles indiquent à "
        "sitrep quel chiffre se trouve dans quelle colonne. Vous pouvez ajouter vos propres colonnes ; "
        "elles sont ignorées.",
        "Choisissez les lieux, les secteurs et les autres valeurs dans les listes déroulantes. Les noms et "
        "P-codes des gouvernorats et des districts proviennent du répertoire géographique du rapport.",
        "Nombres : nombres entiers de personnes, 0 ou plus, sans décimales. Pour une estimation, tapez ~500 "
        "ou 500+ ; elle est prise en compte et signalée comme estimation.",
        "Dates : saisissez-les au format 2024-11-29 (année-mois-jour). Une date comme 03/04/2024 peut se "
        "lire de deux façons ; elle est signalée.",
        "Les colonnes dont le nom est en bleu foncé sont obligatoires. Laissez la cellule vide si vous ne "
        "connaissez pas le chiffre ; ne tapez pas 0 pour un chiffre inconnu.",
        "Enregistrez le fichier au format Classeur Excel (.xlsx), sans mot de passe, et envoyez-le au "
        "chargé de la gestion de l'information.",
    ),
    sheets_heading="Feuilles et colonnes",
    steps_heading="Comment remplir ce classeur",
    table_headings=("Feuille", "Colonne", "Hashtag HXL", "Obligatoire", "À saisir", "Exemple"),
    required="oui",
    location_required="un lieu",
    figure_required="un chiffre",
    sheet_help={
        "Casualties": "Personnes tuées et blessées, par lieu et par jour.",
        "Displacement": "Personnes nouvellement déplacées, par lieu et par jour.",
        "Locations": "Localités touchées et leur situation (hostilités, accès, services).",
        "Response": "Personnes atteintes par la réponse, par secteur.",
        "Narrative": "Paragraphes du rapport : une ligne par paragraphe, une colonne par langue. Les "
                     "chiffres s'insèrent sous la forme {killed_total}.",
        "Sources": "Documents et rapports dont proviennent les chiffres et les paragraphes.",
    },
    column_help={
        "date": "Jour auquel se rapportent les chiffres (jour des incidents ou du déplacement).",
        "Response.date": "Jour (ou dernier jour) de l'activité.",
        "Sources.date": "Date de publication du document.",
        "adm1_name": "Nom du gouvernorat, choisi dans la liste.",
        "adm1_code": "P-code du gouvernorat, choisi dans la liste (p. ex. SY02). Facultatif si le nom est "
                     "indiqué.",
        "adm2_name": "Nom du district, choisi dans la liste. Laissez vide pour un chiffre qui couvre tout le "
                     "gouvernorat.",
        "adm2_code": "P-code du district, choisi dans la liste (p. ex. SY0200).",
        "killed": "Nombre de personnes tuées.",
        "killed_children": "Dont enfants (moins de 18 ans). Pas plus que « Tués ».",
        "injured": "Nombre de personnes blessées.",
        "injured_children": "Dont enfants (moins de 18 ans). Pas plus que « Blessés ».",
        "org": "Nom de votre organisation, tel qu'il figure dans la liste s'il y est.",
        "Sources.org": "Organisation qui a publié le document.",
        "reported": "Date à laquelle ces chiffres ont été établis (utilisée lorsque plusieurs rapports "
                    "divergent).",
        "notes": "Toute précision utile pour lire les chiffres : source, lieux, réserves.",
        "idps": "Nombre de personnes nouvellement déplacées.",
        "households": "Nombre de ménages parmi elles.",
        "place": "Nom de la ville, du village ou du site.",
        "status": "Situation de la localité, choisie dans la liste.",
        "latitude": "Facultatif : latitude du lieu en degrés décimaux (36,2021) ; la carte le signale.",
        "longitude": "Facultatif : sa longitude en degrés décimaux (37,1343), positive à l'est.",
        "sector": "Secteur (cluster) de l'activité, choisi dans la liste.",
        "activity": "Ce qui a été fait, en quelques mots.",
        "reached": "Nombre de personnes atteintes.",
        "targeted": "Nombre de personnes qu'il est prévu d'atteindre.",
        "section": "Partie du rapport où va le paragraphe, choisie dans la liste.",
        "text": "Le paragraphe dans la langue de la colonne. Écrivez les chiffres sous la forme "
                "{killed_total} pour reprendre les chiffres consolidés.",
        "sources": "Références de la feuille Sources, p. ex. S1, S2.",
        "Narrative.sector": "Pour les paragraphes besoins, réponse et lacunes d'un rapport de situation : "
                            "le secteur concerné. Sinon, laisser vide.",
        "ref": "Référence courte, p. ex. S1, citée dans la feuille Textes.",
        "title": "Titre du document ou du rapport.",
        "url": "Adresse web, le cas échéant.",
    },
    date_alert=AlertTexts(title="Date non valide", message="Saisissez la date au format 2024-11-28 "
                                                           "(année-mois-jour), entre 2000 et 2099."),
    count_alert=AlertTexts(title="Nombre entier attendu",
                           message="Saisissez un nombre entier de personnes, 0 ou plus (p. ex. 27). Pour une "
                                   "estimation, cliquez sur Oui et tapez ~500 : elle sera signalée comme "
                                   "estimation."),
    list_alert=AlertTexts(title="Valeur hors liste", message="Choisissez une valeur dans la liste déroulante."),
    area_alert=AlertTexts(title="Lieu inconnu", message="Choisissez un nom ou un P-code dans la liste déroulante "
                                                        "(répertoire géographique du rapport)."),
    org_alert=AlertTexts(title="Organisation hors liste",
                         message="Ce nom ne figure pas dans la liste des partenaires. Cliquez sur OK pour le "
                                 "garder, ou sur Annuler pour choisir dans la liste."),
    example={"adm1_name": "Aleppo", "adm2_name": "Jebel Saman", "org": "Cluster Santé",
             "notes": "Exemple : chiffres des hôpitaux du district de Jebel Saman", "place": "Atareb",
             "activity": "Kits de traumatologie livrés à deux hôpitaux",
             "text": "Exemple : {killed_total} civils, dont {killed_children} enfants, ont été tués entre le "
                     "27 et le 29 novembre.",
             "title": "Exemple : rapports des structures de santé sur les victimes"},
    example_marker="Exemple :",
)

_ES = TemplateTexts(
    title="Libro de recopilación de datos — Flash Update / Informe de situación",
    intro="Use este libro para enviar las cifras de su organización para el informe. Cada hoja contiene un "
          "tipo de datos: complete solo las que le correspondan y deje las demás vacías. Cada fila es un "
          "informe: un lugar, un día.",
    steps=(
        "Escriba sus cifras a partir de la fila 4, una fila por lugar y día. La fila 2 (en gris) es un "
        "ejemplo y nunca se lee.",
        "No modifique la fila 1 (nombres de columna) ni la fila 3 (hashtags HXL): indican a sitrep qué cifra "
        "hay en cada columna. Puede añadir columnas propias; se ignoran.",
        "Elija los lugares, los sectores y los demás valores de las listas desplegables. Los nombres y "
        "P-codes de gobernaciones y distritos proceden del nomenclátor del informe.",
        "Números: números enteros de personas, 0 o más, sin decimales. Para una estimación escriba ~500 o "
        "500+; se utiliza y se señala como estimación.",
        "Fechas: escríbalas como 2024-11-29 (año-mes-día). Una fecha como 03/04/2024 puede leerse de dos "
        "maneras y se señala.",
        "Las columnas con el nombre en azul oscuro son obligatorias. Deje la celda vacía si no conoce la "
        "cifra; no escriba 0 para una cifra desconocida.",
        "Guarde el archivo como Libro de Excel (.xlsx), sin contraseña, y envíelo al responsable de gestión "
        "de la información.",
    ),
    sheets_heading="Hojas y columnas",
    steps_heading="Cómo completar este libro",
    table_headings=("Hoja", "Columna", "Hashtag HXL", "Obligatoria", "Qué escribir", "Ejemplo"),
    required="sí",
    location_required="un lugar",
    figure_required="una cifra",
    sheet_help={
        "Casualties": "Personas muertas y heridas, por lugar y día.",
        "Displacement": "Personas recién desplazadas, por lugar y día.",
        "Locations": "Comunidades afectadas y su situación (hostilidades, acceso, servicios).",
        "Response": "Personas alcanzadas por la respuesta, por sector.",
        "Narrative": "Párrafos del informe: una fila por párrafo, una columna por idioma. Las cifras se "
                     "insertan como {killed_total}.",
        "Sources": "Documentos e informes de los que proceden las cifras y los párrafos.",
    },
    column_help={
        "date": "Día al que se refieren las cifras (día de los incidentes o del desplazamiento).",
        "Response.date": "Día (o último día) de la actividad.",
        "Sources.date": "Fecha de publicación del documento.",
        "adm1_name": "Nombre de la gobernación, de la lista.",
        "adm1_code": "P-code de la gobernación, de la lista (p. ej. SY02). Opcional si se indica el nombre.",
        "adm2_name": "Nombre del distrito, de la lista. Déjelo vacío para una cifra que abarca toda la "
                     "gobernación.",
        "adm2_code": "P-code del distrito, de la lista (p. ej. SY0200).",
        "killed": "Número de personas muertas.",
        "killed_children": "De ellas, niños y niñas (menores de 18 años). No más que «Muertos».",
        "injured": "Número de personas heridas.",
        "injured_children": "De ellas, niños y niñas (menores de 18 años). No más que «Heridos».",
        "org": "Nombre de su organización, como figura en la lista si está en ella.",
        "Sources.org": "Organización que publicó el documento.",
        "reported": "Fecha en que se recopilaron estas cifras (se usa cuando varios informes no coinciden).",
        "notes": "Cualquier dato útil para leer las cifras: fuente, lugares, salvedades.",
        "idps": "Número de personas recién desplazadas.",
        "households": "Número de hogares entre ellas.",
        "place": "Nombre de la ciudad, el pueblo o el emplazamiento.",
        "status": "Situación de la comunidad, de la lista.",
        "latitude": "Opcional: latitud del lugar en grados decimales (36,2021); el mapa lo señala.",
        "longitude": "Opcional: su longitud en grados decimales (37,1343), positiva al este.",
        "sector": "Sector (clúster) de la actividad, de la lista.",
        "activity": "Qué se hizo, en pocas palabras.",
        "reached": "Número de personas alcanzadas.",
        "targeted": "Número de personas que se prevé alcanzar.",
        "section": "Parte del informe en la que va el párrafo, de la lista.",
        "text": "El párrafo en el idioma de la columna. Escriba las cifras como {killed_total} para usar las "
                "cifras consolidadas.",
        "sources": "Referencias de la hoja Fuentes, p. ej. S1, S2.",
        "Narrative.sector": "Para los párrafos de necesidades, respuesta y brechas de un informe de "
                            "situación: el sector al que se refieren. Si no, dejar vacío.",
        "ref": "Referencia breve, p. ej. S1, citada en la hoja Narrativa.",
        "title": "Título del documento o del informe.",
        "url": "Dirección web, si la hay.",
    },
    date_alert=AlertTexts(title="Fecha no válida", message="Escriba la fecha como 2024-11-28 (año-mes-día), "
                                                           "entre 2000 y 2099."),
    count_alert=AlertTexts(title="Se espera un número entero",
                           message="Escriba un número entero de personas, 0 o más (p. ej. 27). Para una "
                                   "estimación, haga clic en Sí y escriba ~500: se señalará como estimación."),
    list_alert=AlertTexts(title="Valor fuera de la lista", message="Elija un valor de la lista desplegable."),
    area_alert=AlertTexts(title="Lugar desconocido", message="Elija un nombre o un P-code de la lista "
                                                             "desplegable (nomenclátor del informe)."),
    org_alert=AlertTexts(title="Organización fuera de la lista",
                         message="Este nombre no figura en la lista de socios. Haga clic en Aceptar para "
                                 "conservarlo o en Cancelar para elegir de la lista."),
    example={"adm1_name": "Aleppo", "adm2_name": "Jebel Saman", "org": "Clúster de Salud",
             "notes": "Ejemplo: cifras de los hospitales del distrito de Jebel Saman", "place": "Atareb",
             "activity": "Botiquines de traumatología entregados a dos hospitales",
             "text": "Ejemplo: {killed_total} civiles, entre ellos {killed_children} niños y niñas, murieron "
                     "entre el 27 y el 29 de noviembre.",
             "title": "Ejemplo: informes de los centros de salud sobre víctimas"},
    example_marker="Ejemplo:",
)

_AR = TemplateTexts(
    title="مصنف إدخال البيانات — التحديث العاجل / تقرير الوضع",
    intro="يُستخدم هذا المصنف لإرسال أرقام منظمتكم الخاصة بالتقرير. تحتوي كل ورقة على نوع واحد من البيانات: "
          "املؤوا الأوراق التي تخصكم فقط واتركوا الأوراق الأخرى فارغة. يمثل كل صف تقريرًا واحدًا: مكانًا "
          "واحدًا في يوم واحد.",
    steps=(
        "أدخلوا أرقامكم ابتداءً من الصف 4، صفًا واحدًا لكل مكان ولكل يوم. الصف 2 (باللون الرمادي) مثال "
        "توضيحي لا تجري قراءته أبدًا.",
        "لا تعدّلوا الصف 1 (أسماء الأعمدة) ولا الصف 3 (وسوم HXL)، فهما يحددان لبرنامج sitrep الرقم الموجود "
        "في كل عمود. يمكنكم إضافة أعمدة خاصة بكم، وسيجري تجاهلها.",
        "اختاروا الأماكن والقطاعات والقيم الأخرى من القوائم المنسدلة. أسماء المحافظات والمناطق ورموزها "
        "(P-codes) مأخوذة من الدليل الجغرافي للتقرير.",
        "الأعداد: أعداد صحيحة من الأشخاص، صفر أو أكثر، دون كسور عشرية. للتقدير اكتبوا " + _ltr("~500")
        + " أو " + _ltr("500+") + "، فيُستخدم "
        "الرقم ويُشار إليه على أنه تقديري.",
        "التواريخ: اكتبوها بالصيغة " + _ltr("2024-11-29")
        + " (السنة-الشهر-اليوم). التاريخ مثل 03/04/2024 يحتمل قراءتين، "
        "ولذلك يُنبَّه إليه.",
        "الأعمدة التي تظهر أسماؤها باللون الأزرق الداكن إلزامية. اتركوا الخلية فارغة إذا كان الرقم غير معروف، "
        "ولا تكتبوا 0 لرقم مجهول.",
        "احفظوا الملف بصيغة مصنف " + _ltr("Excel (.xlsx)") + " دون كلمة مرور، وأرسلوه إلى مسؤول إدارة المعلومات.",
    ),
    sheets_heading="الأوراق والأعمدة",
    steps_heading="طريقة ملء هذا المصنف",
    table_headings=("الورقة", "العمود", "وسم HXL", "إلزامي", "ما يجب إدخاله", "مثال"),
    required="نعم",
    location_required="مكان واحد",
    figure_required="رقم واحد",
    sheet_help={
        "Casualties": "الأشخاص الذين قُتلوا أو أُصيبوا، حسب المكان واليوم.",
        "Displacement": "الأشخاص النازحون حديثًا، حسب المكان واليوم.",
        "Locations": "التجمعات السكانية المتأثرة ووضعها (أعمال قتالية، الوصول، الخدمات).",
        "Response": "الأشخاص الذين وصلت إليهم الاستجابة، حسب القطاع.",
        "Narrative": "فقرات التقرير: صف لكل فقرة وعمود لكل لغة. تُدرج الأرقام بالصيغة {killed_total}.",
        "Sources": "الوثائق والتقارير التي استُقيت منها الأرقام والفقرات.",
    },
    column_help={
        "date": "اليوم الذي تخصه الأرقام (يوم الحوادث أو النزوح).",
        "Response.date": "يوم النشاط (أو آخر أيامه).",
        "Sources.date": "تاريخ نشر الوثيقة.",
        "adm1_name": "اسم المحافظة، من القائمة.",
        "adm1_code": "رمز المحافظة (P-code)، من القائمة (مثل SY02). اختياري إذا ذُكر الاسم.",
        "adm2_name": "اسم المنطقة، من القائمة. اتركوه فارغًا إذا كان الرقم يشمل المحافظة كلها.",
        "adm2_code": "رمز المنطقة (P-code)، من القائمة (مثل SY0200).",
        "killed": "عدد القتلى.",
        "killed_children": "منهم أطفال (دون 18 عامًا). لا يتجاوز عدد القتلى.",
        "injured": "عدد الجرحى.",
        "injured_children": "منهم أطفال (دون 18 عامًا). لا يتجاوز عدد الجرحى.",
        "org": "اسم منظمتكم كما يرد في القائمة إن وُجد فيها.",
        "Sources.org": "الجهة التي نشرت الوثيقة.",
        "reported": "تاريخ إعداد هذه الأرقام (يُستخدم عند تعارض عدة تقارير).",
        "notes": "أي توضيح يساعد على فهم الأرقام: المصدر، الأماكن، التحفظات.",
        "idps": "عدد الأشخاص النازحين حديثًا.",
        "households": "عدد الأسر بينهم.",
        "place": "اسم المدينة أو القرية أو الموقع.",
        "status": "وضع التجمع السكاني، من القائمة.",
        "latitude": "اختياري: خط عرض المكان بالدرجات العشرية (36.2021)؛ تُعلِّمه الخريطة.",
        "longitude": "اختياري: خط طوله بالدرجات العشرية (37.1343)، موجب شرقًا.",
        "sector": "قطاع النشاط (المجموعة)، من القائمة.",
        "activity": "ما أُنجز، في كلمات قليلة.",
        "reached": "عدد الأشخاص الذين تم الوصول إليهم.",
        "targeted": "عدد الأشخاص المخطط الوصول إليهم.",
        "section": "موضع الفقرة في التقرير، من القائمة.",
        "text": "الفقرة بلغة العمود. اكتبوا الأرقام بالصيغة {killed_total} لاستخدام الأرقام الموحدة.",
        "sources": "مراجع من ورقة المصادر، مثل S1، S2.",
        "Narrative.sector": "لفقرات الاحتياجات والاستجابة والثغرات في تقرير الحالة: القطاع المعني. "
                            "اتركه فارغًا في غير ذلك.",
        "ref": "مرجع قصير مثل S1، يُشار إليه في ورقة النصوص.",
        "title": "عنوان الوثيقة أو التقرير.",
        "url": "عنوان الموقع الإلكتروني، إن وُجد.",
    },
    date_alert=AlertTexts(title="تاريخ غير صالح", message="اكتبوا التاريخ بالصيغة " + _ltr("2024-11-28") + " "
                                                          "(السنة-الشهر-اليوم)، بين عامي 2000 و2099."),
    count_alert=AlertTexts(title="يلزم عدد صحيح",
                           message="اكتبوا عددًا صحيحًا من الأشخاص، صفرًا أو أكثر (مثل 27). للتقدير، انقروا "
                                   "«نعم» واكتبوا " + _ltr("~500") + "، وسيُشار إليه على أنه تقديري."),
    list_alert=AlertTexts(title="قيمة غير موجودة في القائمة", message="اختاروا قيمة من القائمة المنسدلة."),
    area_alert=AlertTexts(title="مكان غير معروف", message="اختاروا اسمًا أو رمزًا (P-code) من القائمة المنسدلة "
                                                          "(الدليل الجغرافي للتقرير)."),
    org_alert=AlertTexts(title="جهة غير مدرجة في القائمة",
                         message="هذا الاسم غير موجود في قائمة الشركاء. انقروا «موافق» للإبقاء عليه أو «إلغاء» "
                                 "للاختيار من القائمة."),
    example={"adm1_name": "حلب", "adm2_name": "جبل سمعان", "org": "مجموعة الصحة",
             "notes": "مثال: أرقام المستشفيات في منطقة جبل سمعان", "place": "الأتارب",
             "activity": "تسليم حقائب إسعاف الإصابات إلى مستشفيين",
             "text": "مثال: قُتل {killed_total} مدنيًا، بينهم {killed_children} أطفال، بين 27 و29 تشرين الثاني/نوفمبر.",
             "title": "مثال: تقارير المرافق الصحية عن الضحايا"},
    example_marker="مثال:",
)

TEXTS: dict[str, TemplateTexts] = {"en": _EN, "fr": _FR, "es": _ES, "ar": _AR}
"""The template texts of every template language."""

EXAMPLE_MARKERS: tuple[str, ...] = tuple(t.example_marker for t in TEXTS.values())
"""How the example row's free text starts, in every language."""
