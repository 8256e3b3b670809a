"""An invented story for the digest tests: the closure of a (fictional) Rhine bridge at Weilbach.

Three events: the bridge is closed after cracks are found (Tuesday 2025-05-06), engineer Marta
Kolbinger / Kolbingers report names the cause (2025-05), the state minister opens a ferry (Friday
2025-05-23).  One English article, one wire copy, one undated article, one teaser line.
"""

from __future__ import annotations

from .conftest import member

CLOSED = (
    "WEILBACH – Die Rheinbrücke bei Weilbach ist am Dienstag nach dem Fund von Rissen in einem Pfeiler "
    "gesperrt worden. Rund 40.000 Fahrzeuge am Tag müssen nun Umwege von bis zu 30 Kilometern fahren. "
    "Die Prüfingenieurin Marta Kolbinger sagte, die Risse seien bei einer Routinekontrolle entdeckt worden. "
    "Die Stadt Weilbach richtete einen Krisenstab ein.\n"
    "Lesen Sie auch: Zehn Tipps für den Frühjahrsputz"
)
CLOSED_COPY = (
    "Die Rheinbrücke bei Weilbach ist nach dem Fund von Rissen in einem Pfeiler gesperrt worden. "
    "Rund 40.000 Fahrzeuge am Tag müssen nun Umwege von bis zu 30 Kilometern fahren. "
    "Die Prüfingenieurin Marta Kolbinger sagte, die Risse seien bei einer Routinekontrolle entdeckt worden."
)
CAUSE = (
    "Die Risse in der gesperrten Rheinbrücke bei Weilbach gehen auf Korrosion der Spannstähle zurück. "
    "Das geht aus dem Gutachten von Prüfingenieurin Kolbinger hervor, das der Stadt Weilbach vorliegt. "
    "Kolbinger empfiehlt einen Neubau, eine Sanierung lohne sich nicht mehr. "
    "Der Krisenstab will am 23. Mai über eine Fähre entscheiden."
)
FERRY = (
    "MAINZ – Verkehrsminister Jonas Reuterberg hat am Freitag in Weilbach eine Autofähre über den Rhein "
    "in Betrieb genommen. Die Fähre soll die gesperrte Rheinbrücke ersetzen, bis ein Neubau steht. "
    "Reuterberg sagte, der Neubau werde mindestens fünf Jahre dauern. "
    "Pendler aus Weilbach begrüßten die Fähre, klagten aber über lange Wartezeiten."
)
FERRY_EN = (
    "State transport minister Jonas Reuterberg opened a car ferry across the Rhine at Weilbach on Friday. "
    "The ferry replaces the Rhine bridge that was closed after engineer Marta Kolbinger found cracks in a pier. "
    "A new bridge will take at least five years, Reuterberg said."
)


def bridge_story():
    return [
        member("closed", CLOSED, "Rheinbrücke bei Weilbach nach Rissfund gesperrt", "2025-05-07", event="e1",
               source="Rhein-Kurier"),
        member("copy", CLOSED_COPY, "Brücke gesperrt", None, event="e1", duplicate_of="closed",
               url="https://www.example-zeitung.de/region/bruecke.html"),
        member("cause", CAUSE, "Gutachten: Korrosion zerstört Rheinbrücke", "2025-05", event="e2",
               meta={"sitename": "Weilbacher Anzeiger"}),
        member("ferry", FERRY, "Fähre ersetzt gesperrte Rheinbrücke bei Weilbach", "2025-05-24", event="e3",
               source="Rhein-Kurier"),
        member("ferry-en", FERRY_EN, "Ferry replaces closed Rhine bridge", "2025-05-23T18:00+02:00", lang="en",
               event="e3", source="Rhine Valley Post"),
    ]
