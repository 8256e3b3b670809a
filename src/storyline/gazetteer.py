"""Names whose kind is known without context: places and organisations (own lists, German and English).

News names countries, cities and big organisations without any cue of their kind ("Russland
warnte", "Amazon bought"), and German writes several of them with common words ("Deutsche
Bahn", "Vereinte Nationen") that the entity extraction does not take for names.  Each entry is
one line of spellings of one entity; the first is the canonical one, all of them share its
alias key, so "Vereinigte Staaten", "United States", "USA" and "US" are one actor.  Inflected
forms ("Vereinigten Staaten", "Syriens", "Deutschen Bahn") are matched by the reader in
``digest/actors.py``, which strips German endings.
"""

from __future__ import annotations

from functools import lru_cache

from .features import entity_key
from .lexicon import words

# one entity a line: spellings separated by "|", the first is shown
_PLACES = """
Zypern|Cyprus
Slowenien|Slovenia
Bosnien und Herzegowina|Bosnia and Herzegovina|Bosnien-Herzegowina|Bosnia
Nordmazedonien|North Macedonia|Mazedonien|Macedonia
Montenegro
Tadschikistan|Tajikistan
Kirgisistan|Kyrgyzstan
Turkmenistan
Mongolei|Mongolia
Bhutan
Malediven|Maldives
Brunei
Osttimor|Timor-Leste|East Timor
Papua-Neuguinea|Papua New Guinea
Fidschi|Fiji
Samoa
Tonga
Vanuatu
Tansania|Tanzania
Ruanda|Rwanda
Uganda
Sambia|Zambia
Malawi
Mosambik|Mozambique
Namibia
Botswana
Angola
Kamerun|Cameroon
Gabun|Gabon
Tschad
Benin
Togo
Elfenbeinküste|Ivory Coast|Côte d'Ivoire
Liberia
Sierra Leone
Gambia
Guinea-Bissau
Äquatorialguinea|Equatorial Guinea
Mauretanien|Mauritania
Dschibuti|Djibouti
Eritrea
Burundi
Komoren|Comoros
Mauritius
Seychellen|Seychelles
Kap Verde|Cape Verde|Cabo Verde
Zentralafrikanische Republik|Central African Republic
Demokratische Republik Kongo|Democratic Republic of the Congo|DR Kongo|DR Congo
Republik Kongo|Republic of the Congo
Kongo|Congo
Lesotho
Eswatini|Swasiland|Swaziland
Burkina Faso
Westsahara|Western Sahara
Costa Rica
Panama
Nicaragua
Honduras
El Salvador
Guatemala
Belize
Dominikanische Republik|Dominican Republic
Puerto Rico
Trinidad und Tobago|Trinidad and Tobago
Barbados
Bahamas
Paraguay
Uruguay
Guyana
Suriname
Grönland|Greenland
Färöer|Faroe Islands
Iceland
Liechtenstein
Monaco
Andorra
San Marino
Malta
Vatikan|Vatican|Vatikanstadt|Vatican City
Gibraltar
Antarktis|Antarctica
USA|US|U.S.|United States|Vereinigte Staaten|Vereinigten Staaten|United States of America|Amerika|America
Großbritannien|Britain|Great Britain|UK|United Kingdom|Vereinigtes Königreich|Vereinigten Königreich
Russland|Russia|Russische Föderation
Deutschland|Germany|Bundesrepublik|Federal Republic
Frankreich|France
Italien|Italy
Spanien|Spain
Polen|Poland
Ukraine
China|Volksrepublik China
Japan
Indien|India
Iran
Irak|Iraq
Syrien|Syria
Türkei|Turkey|Türkiye
Israel
Ägypten|Egypt
Österreich|Austria
Schweiz|Switzerland
Niederlande|Netherlands|Holland
Belgien|Belgium
Griechenland|Greece
Kanada|Canada
Mexiko|Mexico
Brasilien|Brazil
Australien|Australia
Madagaskar|Madagascar
Saudi-Arabien|Saudi Arabia
Libanon|Lebanon
Jordanien
Katar|Qatar
Afghanistan
Pakistan
Nordkorea|North Korea|DPRK
Südkorea|South Korea
Korea
Taiwan
Schweden|Sweden
Norwegen|Norway
Dänemark|Denmark
Finnland|Finland
Portugal
Irland|Ireland
Nordirland|Northern Ireland
Schottland|Scotland
Wales
England
Ungarn|Hungary
Tschechien|Czechia|Czech Republic
Slowakei|Slovakia
Rumänien|Romania
Bulgarien|Bulgaria
Serbien|Serbia
Kroatien|Croatia
Bosnien|Bosnia
Kosovo
Albanien|Albania
Litauen|Lithuania
Lettland|Latvia
Estland|Estonia
Belarus|Weißrussland
Moldau|Moldova
Georgien
Armenien|Armenia
Aserbaidschan|Azerbaijan
Kasachstan|Kazakhstan
Usbekistan|Uzbekistan
Venezuela
Kolumbien|Colombia
Argentinien|Argentina
Chile
Peru
Bolivien|Bolivia
Ecuador
Kuba|Cuba
Haiti
Bahamas
Jamaika|Jamaica
Nigeria
Kenia|Kenya
Äthiopien|Ethiopia
Somalia
Sudan
Südsudan|South Sudan
Mali
Niger
Ghana
Senegal
Kongo|Congo
Südafrika|South Africa
Simbabwe|Zimbabwe
Libyen|Libya
Tunesien|Tunisia
Marokko|Morocco
Algerien|Algeria
Jemen|Yemen
Oman
Kuwait
Bahrain
Vereinigte Arabische Emirate|United Arab Emirates|Emirate
Vietnam
Thailand
Laos
Kambodscha|Cambodia
Myanmar|Birma|Burma
Indonesien|Indonesia
Malaysia
Philippinen|Philippines
Singapur|Singapore
Bangladesch|Bangladesh
Sri Lanka
Nepal
Neuseeland|New Zealand
Europa|Europe
Afrika|Africa
Asien|Asia
Nahost|Naher Osten|Middle East
Lateinamerika|Latin America
Südamerika|South America
Nordamerika|North America
Gazastreifen|Gaza|Gaza Strip
Westjordanland|West Bank
Krim|Crimea
Donbass|Donbas
Kaschmir|Kashmir
KwaZulu-Natal|KZN
Tibet
Sibirien|Siberia
Balkan|Balkans
Skandinavien|Scandinavia
Bayern|Bavaria
Baden-Württemberg
Berlin
Brandenburg
Hessen|Hesse
Niedersachsen|Lower Saxony
Nordrhein-Westfalen|North Rhine-Westphalia
Rheinland-Pfalz
Saarland
Sachsen|Saxony
Sachsen-Anhalt
Schleswig-Holstein
Mecklenburg-Vorpommern
Thüringen|Thuringia
Schwaben|Swabia
Oberbayern|Upper Bavaria
Franken|Franconia
Ruhrgebiet|Ruhr
Tirol|Tyrol
Vorarlberg
Salzburger Land
Steiermark|Styria
Kärnten|Carinthia
Niederösterreich|Lower Austria
Oberösterreich|Upper Austria
Burgenland
Aargau|Argovia
Appenzell
Basel-Stadt
Basel-Landschaft|Baselland
Freiburg im Üechtland
Glarus
Graubünden|Grisons
Luzern|Lucerne
Neuenburg|Neuchâtel
Nidwalden
Obwalden
Schaffhausen
Schwyz
Solothurn
St. Gallen
Tessin|Ticino
Thurgau
Waadt|Vaud
Valais
Alabama
Alaska
Arizona
Arkansas
California|Kalifornien
Colorado
Connecticut
Florida
Georgia
Hawaii
Idaho
Illinois
Indiana
Iowa
Kansas
Kentucky
Louisiana
Maine
Maryland
Massachusetts
Michigan
Minnesota
Mississippi
Missouri
Montana
Nebraska
Nevada
New Hampshire
New Jersey
New Mexico
North Carolina
North Dakota
Ohio
Oklahoma
Oregon
Pennsylvania
Rhode Island
South Carolina
South Dakota
Tennessee
Texas
Utah
Vermont
Virginia
West Virginia
Wisconsin
Wyoming
Ontario
Quebec
Berlin
London
Paris
Rom|Rome
Madrid
Barcelona
Lissabon|Lisbon
Wien|Vienna
Moskau|Moscow
Sankt Petersburg|St Petersburg|St. Petersburg
Washington
New York
Los Angeles
San Francisco
Chicago
Boston
Seattle
Houston
Dallas
Austin
Miami
Atlanta
Denver
Detroit
Philadelphia
Las Vegas
Phoenix
Toronto
Montreal
Vancouver
Peking|Beijing
Shanghai
Hongkong|Hong Kong|HK
Tokio|Tokyo
Seoul
Pjöngjang|Pyongyang
Taipeh|Taipei
Neu-Delhi|New Delhi|Delhi
Mumbai|Bombay
Islamabad
Kabul
Brüssel|Brussels
Genf|Geneva
Kiew|Kyiv|Kiev
Charkiw|Kharkiv
Odessa|Odesa
Warschau|Warsaw
Prag|Prague
Budapest
Bukarest|Bucharest
Belgrad|Belgrade
Sofia
Athen|Athens
Ankara
Istanbul
Teheran|Tehran
Bagdad|Baghdad
Damaskus|Damascus
Aleppo
Homs
Idlib
Beirut
Kairo|Cairo
Jerusalem
Tel Aviv
Riad|Riyadh
Doha
Dubai
Abu Dhabi
Amman
Nairobi
Johannesburg
Kapstadt|Cape Town
Lagos
Ottawa
Canberra
Sydney
Melbourne
Mexiko-Stadt|Mexico City
Havanna|Havana
Caracas
Bogotá|Bogota
Lima
Santiago
Buenos Aires
Rio de Janeiro
São Paulo|Sao Paulo
Bern
Zürich|Zurich
Basel
Lausanne
Amsterdam
Rotterdam
Den Haag|The Hague
Luxemburg|Luxembourg
Stockholm
Oslo
Kopenhagen|Copenhagen
Helsinki
Dublin
Edinburgh
Manchester
Liverpool
Birmingham
Minsk
Vilnius
Riga
Tallinn
Straßburg|Strasbourg
Marseille|Marseilles
Lyon
Mailand|Milan
Neapel|Naples
Venedig|Venice
Florenz|Florence
Hamburg
München|Munich
Köln|Cologne
Frankfurt
Stuttgart
Düsseldorf
Dortmund
Leipzig
Dresden
Hannover|Hanover
Nürnberg|Nuremberg
Bremen
Bonn
Karlsruhe
Mannheim
Augsburg
Regensburg
Passau
Würzburg
Erfurt
Jena
Weimar
Eisenach
Magdeburg
Potsdam
Rostock
Kiel
Lübeck
Mainz
Wiesbaden
Saarbrücken
Freiburg
Heidelberg
Ulm
Wolfsburg
Braunschweig
Kassel
Münster
Bielefeld
Duisburg
Bochum
Aachen
Chemnitz
Donau|Danube
Rhein|Rhine
Elbe
Oder
Inn
Mosel|Moselle
Themse|Thames
Nil|Nile
Mittelmeer|Mediterranean
Ostsee|Baltic Sea
Nordsee|North Sea
Schwarzes Meer|Black Sea
Alpen|Alps
Downing Street
Wall Street
"""

_ORGANISATIONS = """
UN|Uno|UNO|United Nations|Vereinte Nationen|Vereinten Nationen
EU|Europäische Union|Europäischen Union|European Union
EU-Kommission|Europäische Kommission|Europäischen Kommission|European Commission|Brussels Commission
Europäisches Parlament|Europäischen Parlament|European Parliament|EU-Parlament
Europäische Zentralbank|Europäischen Zentralbank|European Central Bank|EZB|ECB
Nato|NATO
Weltbank|World Bank
Internationaler Währungsfonds|Internationalen Währungsfonds|International Monetary Fund|IWF|IMF
Weltgesundheitsorganisation|World Health Organization|WHO
Welthandelsorganisation|World Trade Organization|WTO
OSZE|OSCE
Opec|OPEC
G7
G20
Rotes Kreuz|Roten Kreuz|Roten Kreuzes|Red Cross|IKRK|ICRC
Roter Halbmond|Red Crescent
Amnesty International|Amnesty
Human Rights Watch
Greenpeace
Caritas
Naturschutzbund Deutschland|Naturschutzbund|NABU|Nabu
Bund für Umwelt und Naturschutz Deutschland
WWF|World Wide Fund for Nature
Deutsche Umwelthilfe|Deutschen Umwelthilfe|DUH
Diakonie
Arbeiterwohlfahrt|AWO
Deutsches Rotes Kreuz|Deutschen Roten Kreuz|Deutschen Roten Kreuzes|DRK
Malteser Hilfsdienst|Malteser
Johanniter-Unfall-Hilfe|Johanniter
Sozialverband VdK|VdK
Arbeiter-Samariter-Bund|ASB
Ärzte ohne Grenzen|Doctors Without Borders
Bundestag
Bundesrat
Bundesregierung
Bundeswehr
Bundesverfassungsgericht
Bundesgerichtshof
Bundesverwaltungsgericht
Bundesfinanzhof
Bundessozialgericht
Bundesarbeitsgericht
Bundesrechnungshof
Europäischer Gerichtshof|Europäischen Gerichtshof|Europäischen Gerichtshofs|EuGH|European Court of Justice
Verfassungsgerichtshof|VfGH
Verwaltungsgerichtshof|VwGH
Oberster Gerichtshof|Obersten Gerichtshof|Obersten Gerichtshofs|OGH
Rechnungshof
Nationalrat
Ständerat
Bundesgericht
Bundesheer
ÖVP
SPÖ
FPÖ
NEOS
SVP
Schweizerische Nationalbank|Schweizerischen Nationalbank|SNB
Bundesbank
Bundesagentur für Arbeit
Bundesamt für Verfassungsschutz|Verfassungsschutz
Bundesnetzagentur
Bundeskartellamt
Bundesliga
Technisches Hilfswerk|Technische Hilfswerk|Technischen Hilfswerk|Technischen Hilfswerks|THW
Deutscher Wetterdienst|Deutsche Wetterdienst|Deutschen Wetterdienst|Deutschen Wetterdienstes|DWD
Deutsche Bahn|Deutschen Bahn|DB
Deutsche Bank|Deutschen Bank
Deutsche Post|Deutschen Post
Deutsche Telekom|Deutschen Telekom|Telekom
Lufthansa
Volkswagen|VW
BMW
Daimler
Mercedes-Benz
Siemens
BASF
Bayer
Allianz
SAP
Bosch
Porsche
Alstom
Airbus
Boeing
Thyssenkrupp
Commerzbank
Sparkasse
Aldi
Lidl
Edeka
IG Metall
Verdi|Ver.di
GDL
DGB
SPD
CDU
CSU
FDP
Grüne|Grünen|Bündnis 90/Die Grünen
Linke|Linken|Die Linke
AfD
BSW
Kreml|Kremlin
Duma
Pentagon
White House|Weißes Haus|Weißen Haus|Weißen Hauses
Congress|Kongress
Senate|Senat
House of Representatives
Supreme Court
Justice Department|Department of Justice|Justizministerium
State Department
Federal Reserve|Fed
FBI
CIA
NSA
FEMA
FDA
Federal Trade Commission|FTC
Securities and Exchange Commission|SEC
Democrats|Democratic Party|Demokraten
Republicans|Republican Party|Republikaner|GOP
Labour|Labour Party
Conservatives|Conservative Party|Tories|Tory
Liberal Democrats
Scottish National Party|SNP
House of Commons|Unterhaus
House of Lords|Oberhaus
Parliament
Bank of England
Hamas
Hisbollah|Hezbollah
Taliban
Islamischer Staat|Islamic State|IS|ISIS|IS-Miliz
Al-Kaida|al-Qaeda|Al Qaeda
Apple
Google
Alphabet
Amazon
Microsoft
Meta
Facebook
Instagram
Twitter
Tesla
SpaceX
Netflix
OpenAI
Nvidia
Intel
IBM
Samsung
Huawei
Sony
Toyota
Ford
General Motors|GM
Walmart
Kroger
Whole Foods|Whole Foods Market
Starbucks
McDonald's|McDonalds
Coca-Cola
Pfizer
Moderna
BioNTech
AstraZeneca
Johnson & Johnson
Goldman Sachs
JPMorgan|JP Morgan
Morgan Stanley
BlackRock
Shell
BP
Exxon|ExxonMobil
Gazprom
Rosneft
Reuters
AFP
AP|Associated Press
dpa
BBC
CNN
ZDF
ARD
NDR
WDR
MDR
SWR
SRF
Deutschlandfunk
RTL
Münchner Merkur
Süddeutsche Zeitung
Frankfurter Allgemeine Zeitung|Frankfurter Allgemeine|FAZ
Neue Zürcher Zeitung|NZZ
Salzburger Nachrichten
Kronen Zeitung
New York Times
Washington Post
Wall Street Journal
Financial Times
"""

# sources named in bylines and credits: an outlet, not an actor, unless the story is about it
SOURCES = frozenset(
    entity_key(name)
    for name in words(
        """Reuters AFP AP dpa DPA epd KNA SID Bloomberg Getty Images Imago Picture Alliance Keystone Xinhua Tass
    Interfax Ria Nowosti"""
    )
)


def _entries(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.strip().splitlines() if line.strip()]


@lru_cache(maxsize=1)
def known() -> dict[str, tuple[str, str, str]]:
    """Alias key of each spelling -> (canonical key, canonical name, kind)."""
    found: dict[str, tuple[str, str, str]] = {}
    for kind, table in (("place", _PLACES), ("organisation", _ORGANISATIONS)):
        for spellings in _entries(table):
            canonical = spellings[0]
            for spelling in spellings:
                found.setdefault(entity_key(spelling), (entity_key(canonical), canonical, kind))
    return found


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], str]:
    """Spellings of more than one word, as tuples of lower-cased words -> alias key of the spelling."""
    found: dict[tuple[str, ...], str] = {}
    for table in (_PLACES, _ORGANISATIONS):
        for spellings in _entries(table):
            for spelling in spellings:
                words = tuple(spelling.lower().split())
                if len(words) > 1:
                    found[words] = entity_key(spelling)
    return found


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """Alias keys of at most three letters every spelling of which is written in capitals ("UN", "EU",
    "US"): a word of that key written otherwise ("Un" of Kim Jong Un) is not that entity.  (Longer ones
    are written both ways: "NEOS" and "Neos", "BASF" and "Basf".)"""
    spelled: dict[str, list[str]] = {}
    for table in (_PLACES, _ORGANISATIONS):
        for spellings in _entries(table):
            for spelling in spellings:
                spelled.setdefault(entity_key(spelling), []).append(spelling)
    return frozenset(
        key for key, forms in spelled.items() if len(key) <= 3 and all(f.replace(".", "").isupper() for f in forms)
    )


@lru_cache(maxsize=1)
def possessives() -> frozenset[str]:
    """Alias keys of organisations named by a person's name in the genitive ("McDonald's"): the same key
    as the surname, which names a person where a first name stands before it ("Calvin McDonald")."""
    return frozenset(
        entity_key(spelling)
        for spellings in _entries(_ORGANISATIONS)
        for spelling in spellings
        if spelling.endswith(("'s", "’s"))
    )


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for table in (_PLACES, _ORGANISATIONS):
        for spellings in _entries(table):
            found.setdefault(entity_key(spellings[0]), tuple(spellings))
    return found


def spellings(key: str) -> tuple[str, ...]:
    """Every spelling the gazetteer holds of the entity whose canonical key is ``key`` (none if unknown).

    >>> spellings(canonical(entity_key("New Delhi")))
    ('Neu-Delhi', 'New Delhi', 'Delhi')
    """
    return _spellings().get(key, ())


def kind_of(key: str) -> str | None:
    """The kind of a known name's alias key ("place", "organisation"), else ``None``.

    >>> kind_of(entity_key("Syrien")), kind_of(entity_key("Vereinten Nationen")), kind_of(entity_key("Kerry"))
    ('place', 'organisation', None)
    """
    entry = known().get(key)
    return entry[2] if entry else None


def canonical(key: str) -> str:
    """The alias key of the entity a known spelling names (``us`` -> ``usa``); any other key as it is."""
    entry = known().get(key)
    return entry[0] if entry else key


# Common first names (German, English, and the ones news from elsewhere spells often): a capitalised
# word before a surname that is one of these makes the pair a person, even when the first name is
# also a word ("Rick", "Matt", "Christian").
FIRST_NAMES = frozenset(
    entity_key(name)
    for name in words(
        """Adam Adrian Albert Alexander Alexandra Alan Alice Amy Andrea Andreas Andrew Angela Anja Anna Anne
    Annalena Anthony Antonio Armin Arthur Ashley Barack Barbara Ben Benjamin Bernd Bill Bob Boris Brian
    Brock Bruno Carl Carlos Caroline Catherine Charles Chris Christian Christine Christoph Christopher
    Claudia Claus Daniel David Dennis Dieter Dmitri Dmitrij Dominic Donald Edward Elizabeth Emily Emma
    Emmanuel Eric Erik Frank Franz Friedrich Gareth George Gerhard Gordon Hans Heiko Heinz Helmut Henri
    Henry Horst Hubert Ian Igor Ivan Jack James Jan Jane Jean Jeff Jennifer Jens Jeremy Jim Joe Johann
    Johannes John Jonathan Joseph Julia Jürgen Karl Karin Kamala Katja Katharina Kevin Klaus Kurt Lars Laura
    Leo Lisa Lukas Manfred Margaret Maria Marie Mark Markus Martin Mary Matt Matthew Matthias Max Michael
    Michel Mike Nancy Nicola Nicolas Olaf Oliver Paul Peter Philipp Phil Rachel Ralf Richard Rick Robert
    Roger Rolf Ron Ruth Sarah Sebastian Sergej Sergei Sergey Simon Stefan Stephan Steve Steven Susanne
    Thomas Tim Tom Tony Ursula Uwe Victor Viktor Vladimir Volker Walter Werner William Wladimir Wolfgang
    Xavier Yves Mohammed Muhammad Ahmed Ali Hassan Omar Recep Xi Li Wang Ursula Olga Natalia Elena Irina
    Ivan Juan José Luis Pedro Pablo Marco Giuseppe Giorgia Matteo Mario Emmanuelle Pierre Jacques François
    Marine Nicolas
    Sandra Petra Katrin Tobias Jonas Ulrike Mareike Holger Björn Jörg Dirk Sven Torsten Thorsten Heike Silke
    Anke Sabine Monika Birgit Gabriele Renate Ingrid Helga Ute Doris Bärbel Brigitte Christa Elke Gisela Heidi
    Iris Jutta Kerstin Manuela Marion Martina Michaela Nicole Nadine Simone Stefanie Tanja Vanessa Yvonne
    Annette Bettina Cornelia Daniela Dorothea Franziska Friederike Gudrun Hannelore Ilse Inge Jana Janine
    Jasmin Judith Kathrin Lena Lea Lina Luisa Maike Melanie Miriam Nina Paula Regina Rita Svenja Sophie Sofia
    Sonja Tina Verena Wiebke Antje Astrid Beate Britta Carola Dagmar Edith Elisabeth Erika Eva Gerda Hanna
    Hannah Hildegard Irene Johanna Karoline Kristina Lara Leonie Liane Lotte Magdalena Margit Marlene Nora
    Ricarda Saskia Silvia Tamara Theresa Achim Alfred Alois Arne Axel Bastian Benedikt Bernhard Burkhard
    Carsten Christof Detlef Dietmar Egon Eckhard Elias Emil Erich Erwin Fabian Felix Florian Frederik Fritz
    Georg Gregor Gunnar Günter Günther Gustav Harald Hartmut Heinrich Helge Hendrik Henning Herbert Hermann
    Ingo Jakob Joachim Jochen Josef Julian Karsten Knut Konrad Konstantin Leon Leonard Lorenz Lothar Ludwig
    Lutz Malte Marcel Marius Mathias Maximilian Moritz Nico Niklas Nils Norbert Ole Oskar Pascal Patrick
    Reinhard Reinhold Rainer Rüdiger Rudolf Sascha Siegfried Sönke Steffen Theo Timo Ulf Ulrich Valentin
    Vincent Wilhelm Winfried Aaron Abigail Alison Amanda Andy Ann Annie Anton Bernard Beth Bradley Brendan
    Brett Bruce Caitlin Callum Cameron Carol Charlie Charlotte Chloe Christina Claire Colin Connor Craig Dan
    Danny Darren Dave Deborah Declan Denise Derek Diana Donna Duncan Dylan Eamon Eileen Eleanor Ellen
    Ethan Evan Fiona Gavin Gemma Geoffrey Gerald Gethin Gillian Graham Greg Gregory Hamish Harry
    Harriet Helen Hugh Imogen Isaac Isabel Isabella Jacob Jake Jamal Jamie Janet Jasmine Jason Jeffrey Jenny
    Jessica Joanna Joel Jon Josh Joshua Joyce Judy Justin Karen Kate Katie Keith Kelly Kenneth Kieran Kirsty
    Lauren Leah Liam Linda Lindsay Lucy Luke Lynn Malcolm Marcus Martha Megan Melissa Michelle Molly
    Nathan Neil Nicholas Nick Nigel Noah Owen Pamela Patricia Philip Rebecca Rhys Rory Roy Russell Ryan
    Sally Samantha Samuel Sean Shane Sharon Sheila Shirley Stuart Susan Tara Teresa Terry Timothy Toby Trevor
    Wayne Zoe Zachary Dolores Elaine Priya Rohan Arjun Anil Rahul Sanjay Deepak Amit Vijay Sunil Ravi Sunita
    Anita Alain Amélie Antoine Camille Céline Claude Didier Édouard Emmanuel Étienne Fabrice Françoise
    Frédéric Gérard Guillaume Hélène Isabelle Jacqueline Laurent Luc Manon Marc Mathieu Michèle
    Nathalie Olivier Patrice Philippe Raphaël Rémi Sébastien Stéphane Sylvie Thierry Valérie Yannick
    Alessandro Alessandra Angelo Carlo Chiara Claudio Domenico Elisa Enrico Fabio Federica Federico Francesca
    Francesco Gianluca Giorgio Giovanni Giulia Giulio Lorenzo Luca Luigi Massimo Maurizio Paola Paolo Riccardo
    Roberto Salvatore Sergio Silvio Stefano Valentina Vittorio Alejandro Alberto Ana Andrés Carmen Cristina
    Diego Eduardo Enrique Fernando Gabriel Guillermo Javier Jorge Lucía Manuel Miguel Pilar Rafael Raúl
    Ricardo Aleksandr Alexej Alexei Andrej Anatolij Dmytro Jewgeni Yevgeny Maxim Michail Mikhail Nikolai
    Nikolaj Oleg Oleksandr Oleksij Olena Pawel Paweł Piotr Tomasz Tomas Krzysztof Marek Andrzej Katarzyna
    Agnieszka Jarosław Mateusz Wolodymyr Volodymyr Walerij Valery Yulia Julija Tatjana Tatiana Swetlana
    Svetlana Ljudmila Lyudmila Jelena Natalja Anastasia Vitali Vitaly Abdullah Ahmad Amir Bashar Baschar
    Fatima Hamid Hussein Ibrahim Karim Khaled Khalid Mahmoud Mahmud Mustafa Nasser Rashid Salman Samir Tariq
    Yusuf Youssef Mehmet Ahmet Emine Hakan Kemal Ekrem Özlem Hasan Hossein Masoud Abiy Cyril Kofi Kwame
    Olusegun Muhammadu Uhuru Yoweri Ngozi Emeka Adaeze Shinzo Fumio"""
    )
)
