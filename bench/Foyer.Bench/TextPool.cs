namespace Foyer.Bench;

/// <summary>German-ish words and sentences of a theatre, for names and posts that look like the real thing.</summary>
internal static class TextPool
{
    public static readonly string[] FirstNames =
    [
        "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Katharina", "Lukas",
        "Marie", "Niklas", "Olga", "Paul", "Quirin", "Rosa", "Stefan", "Tina", "Ulrich", "Vera", "Wolfgang", "Xenia",
        "Yvonne", "Zoe", "Jörg", "Sören", "Björn", "Änne", "Ines", "Klaus", "Sabine", "Michael", "Norbert", "Mia",
        "Christian", "Johanna", "Till", "Lea", "Moritz", "Frieda", "Karl", "Luise", "Matthias", "Nele", "Oskar", "Pia",
    ];

    public static readonly string[] LastNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
        "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
        "Kaiser", "Henner", "Pohl", "Lorenz", "Filter", "Vogel", "Jäger", "Roth", "Beck", "Graf",
    ];

    public static readonly string[] SpaceTopics =
    [
        "Dramaturgie", "Technik", "Presse", "Verwaltung", "Ensemble", "Bühnenbau", "Kostüm", "Maske",
        "Theaterpädagogik", "Marketing", "Spielplan", "Betriebsrat", "Kantine", "Fahrgemeinschaft", "Chor",
        "Orchester", "Ballett", "Junges Theater", "IT-Support", "Personal", "Beleuchtung", "Ton", "Requisite",
        "Intendanz", "Gastspiele", "Premiere", "Abendspielleitung", "Vorderhaus", "Kasse", "Werkstätten",
    ];

    public static readonly string[] SpaceQualifiers =
    [
        "", "Nord", "Süd", "Team A", "Team B", "Planung", "Austausch", "Koproduktion", "Projekt", "intern",
    ];

    public static readonly string[] Tags =
    [
        "premiere", "probe", "technik", "presse", "kantine", "spielplan", "budget", "it", "urlaub", "fortbildung",
        "gastspiel", "kostuem", "maske", "buehne", "licht", "ton", "ensemble", "oper", "ballett", "konzert",
        "schule", "workshop", "betriebsrat", "sicherheit", "brandschutz", "dienstplan", "vertrag", "abo", "kasse",
        "marketing", "social-media", "newsletter", "sponsoring", "foerderung", "festival", "tournee", "requisite",
        "werkstatt", "fundus", "jubilaeum",
    ];

    public static readonly string[] Sentences =
    [
        "Die Probe für den zweiten Akt beginnt morgen schon um zehn Uhr auf der Hauptbühne.",
        "Bitte denkt daran, die Requisiten nach der Vorstellung wieder in den Fundus zu bringen.",
        "Wer hat noch Zeit, am Samstag beim Aufbau im Foyer zu helfen?",
        "Die Kantine bleibt wegen der Renovierung bis Ende der Woche geschlossen.",
        "Ich habe die Pressemitteilung zur Premiere überarbeitet und freue mich über Rückmeldungen.",
        "Der Lichtplan für die Wiederaufnahme liegt jetzt im gemeinsamen Ordner.",
        "Kurze Erinnerung: Die Abgabefrist für die Urlaubsanträge ist der 15. des Monats.",
        "Das Gastspiel in Leipzig war ein voller Erfolg, vielen Dank an alle Beteiligten!",
        "Für die Schulvorstellungen suchen wir noch zwei Kolleginnen für die Nachgespräche.",
        "Die neue Drehbühne wird nächste Woche von der Firma abgenommen.",
        "Kann jemand die Kostümprobe am Donnerstag fotografieren?",
        "Im Fundus sind noch zwanzig Stühle aus der alten Produktion, die wir abgeben könnten.",
        "Der Betriebsrat lädt zur Versammlung am Mittwoch um 14 Uhr in die Probebühne ein.",
        "Das Programmheft geht am Freitag in den Druck, letzte Korrekturen bitte bis Donnerstag.",
        "Die Sicherheitsbegehung hat ergeben, dass die Notausgänge im Seitenbühnenbereich frei bleiben müssen.",
        "Ich bin ab Montag im Urlaub, Vertretung übernimmt wie immer das Team der Dramaturgie.",
        "Die Karten für die Vorpremiere sind ausverkauft, es gibt aber eine Warteliste an der Kasse.",
        "Wir haben eine Förderzusage für das Jugendprojekt im nächsten Jahr bekommen.",
        "Bitte tragt eure Dienste für den Dezember bis spätestens Mittwoch in den Plan ein.",
        "Das WLAN im Probenzentrum ist wieder da, der Router wurde ausgetauscht.",
        "Hat jemand eine Idee, wie wir die Nachgespräche nach der Vorstellung besser bewerben können?",
        "Die Maske braucht für die Oper zwei zusätzliche Aushilfen an den Wochenenden.",
        "Nach der Premiere feiern wir im oberen Foyer, alle sind herzlich eingeladen.",
        "Die Tonanlage auf der Studiobühne macht wieder Probleme, die Technik ist informiert.",
        "Unser Newsletter hat jetzt über dreitausend Abonnentinnen und Abonnenten.",
        "Die Orchesterprobe wird wegen der Generalprobe auf Dienstag verschoben.",
        "Ich habe die Fotos vom Sommerfest in den gemeinsamen Ordner gelegt.",
        "Die Werkstätten brauchen die finalen Entwürfe für das Bühnenbild bis Ende des Monats.",
        "Wer kennt sich mit dem neuen Ticketsystem aus und kann eine kurze Schulung geben?",
        "Die Abendspielleitung bittet darum, Handys während der Vorstellung auszuschalten.",
        "Morgen kommt das Fernsehen für einen Beitrag über die Theaterpädagogik.",
        "Die Kostüme für den Chor sind fertig und hängen in der Garderobe im Keller.",
        "Wir sollten die Kommunikation mit den Schulen im nächsten Jahr früher beginnen.",
        "Das Ensemble hat sich für die Spielzeit drei neue Stücke gewünscht.",
        "Die Heizung in der Probebühne zwei ist repariert, es wird wieder warm.",
        "Bitte keine Fahrräder mehr im Hof vor der Bühnenpforte abstellen.",
        "Die Jubiläumsgala braucht noch ein Konzept für den Ablauf und die Moderation.",
        "Ich suche eine Mitfahrgelegenheit zum Gastspiel nach Dresden am Freitag.",
        "Die Social-Media-Kampagne zur Spielzeiteröffnung startet nächste Woche.",
        "Im Sponsoringgespräch gab es viel Interesse an einer Partnerschaft für das Festival.",
    ];

    public static readonly string[] BoldOpeners =
    [
        "Kurze Info:", "Wichtig:", "Erinnerung:", "Gute Nachrichten:", "Frage in die Runde:", "Update:", "Achtung:",
    ];

    public static readonly string[] CommentSentences =
    [
        "Danke für die Info!", "Bin dabei.", "Gute Idee, machen wir so.", "Ich kann leider erst ab 14 Uhr.",
        "Super, vielen Dank!", "Kann ich übernehmen.", "Wer kümmert sich um den Schlüssel?", "Klingt gut.",
        "Ist das schon mit der Technik abgesprochen?", "Ich frage nochmal in der Dramaturgie nach.",
        "Habe ich weitergeleitet.", "Wo finde ich die Unterlagen dazu?", "Bitte auch an die Gäste denken.",
        "Das hat beim letzten Mal gut funktioniert.", "Können wir das am Montag im Team besprechen?",
        "Ich bringe Kuchen mit.", "Sehr schön geworden!", "Gibt es dafür schon einen Termin?",
        "Die Liste hängt am Schwarzen Brett.", "Danke, ist erledigt.",
    ];

    /// <summary>The first word of a wiki page title: what kind of page it is.</summary>
    public static readonly string[] WikiNouns =
    [
        "Probenplan", "Checkliste", "Kontaktliste", "Leitfaden", "Protokoll", "Anleitung", "Übersicht", "Dienstplan",
        "Technikrider", "Lichtplan", "Tonplan", "Requisitenliste", "Kostümliste", "Ablaufplan", "Notfallplan",
        "Hausordnung", "Budget", "Pressespiegel", "Einarbeitung", "FAQ", "Glossar", "Inventar", "Raumplan",
        "Schlüsselverwaltung", "Sicherheitsunterweisung", "Stückinfo", "Besetzung", "Gastspielbedingungen",
        "Vertragsvorlage", "Reisekosten", "Materialbestellung", "Wartungsplan", "Bühnenanweisung", "Umbauplan",
        "Premierenfeier", "Nachgespräch", "Vorstellungsbericht", "Pausenregelung", "Garderobenplan", "Fahrplan",
        "Abrechnung", "Zeitplan", "Werkstattauftrag", "Gefährdungsbeurteilung", "Probenbericht",
    ];

    /// <summary>The second part of a wiki page title: a production, a place, a season.</summary>
    public static readonly string[] WikiSubjects =
    [
        "Faust", "Die Räuber", "Carmen", "Der Sturm", "Nathan der Weise", "Woyzeck", "Die Zauberflöte", "Hamlet",
        "Maria Stuart", "Der zerbrochne Krug", "Kabale und Liebe", "Die Dreigroschenoper", "Romeo und Julia",
        "Peer Gynt", "Don Giovanni", "La Bohème", "Schwanensee", "Der Nussknacker", "Momo", "Emil und die Detektive",
        "Hauptbühne", "Studiobühne", "Probebühne 1", "Probebühne 2", "Werkstatt", "Foyer", "Kantine", "Lager Nord",
        "Malersaal", "Schlosserei", "Tischlerei", "Fundus", "Orchestergraben", "Seitenbühne", "Unterbühne",
        "Spielzeit 2024/25", "Spielzeit 2025/26", "Spielzeit 2026/27", "Sommerfest", "Jubiläumsgala",
        "Theaterfest", "Schulvorstellungen", "Gastspiel Leipzig", "Gastspiel Dresden", "Festival",
        "Neue Kolleginnen und Kollegen", "Wochenende", "Abendvorstellung", "Matinee", "Silvester",
    ];

    public static readonly string[] WikiHeadings =
    [
        "Überblick", "Ablauf", "Zuständigkeiten", "Termine", "Material", "Kontakte", "Offene Fragen", "Sicherheit",
        "Technik", "Budget", "Checkliste", "Hinweise", "Hintergrund", "Nachbereitung", "Anfahrt", "Räume",
        "Aufbau", "Abbau", "Besetzung", "Requisiten", "Beleuchtung", "Ton", "Kosten", "Verantwortliche",
    ];

    /// <summary>Sentences of a wiki page: how things are done, who to ask.</summary>
    public static readonly string[] WikiSentences =
    [
        "Der Schlüssel für den Lagerraum liegt beim Pförtner und wird nur gegen Unterschrift ausgegeben.",
        "Vor jeder Vorstellung prüft die Abendspielleitung die Notausgänge und die Beleuchtung der Fluchtwege.",
        "Die Bühne wird spätestens zwei Stunden vor Vorstellungsbeginn für den Umbau freigegeben.",
        "Änderungen am Probenplan werden immer bis Freitagmittag für die kommende Woche veröffentlicht.",
        "Für Bestellungen über 500 Euro brauchen wir vorher die Freigabe der Verwaltungsleitung.",
        "Die Pyrotechnik darf nur von Personen mit gültigem Befähigungsschein bedient werden.",
        "Neue Kolleginnen und Kollegen bekommen in der ersten Woche eine Führung durch alle Werkstätten.",
        "Die Kostüme werden nach jeder Vorstellung von der Garderobe eingesammelt und geprüft.",
        "Bei Krankmeldungen bitte sofort das Künstlerische Betriebsbüro und die Abendspielleitung informieren.",
        "Die Hebebühne im Malersaal ist nur nach Einweisung durch die Werkstattleitung zu benutzen.",
        "Für Gastspiele gilt: Der Technikrider muss vier Wochen vorher beim Veranstalter sein.",
        "Die Tonanlage wird nach dem Abbau vollständig ausgeschaltet und die Funkstrecken werden geladen.",
        "Requisiten, die verbraucht werden, stehen auf einer eigenen Liste und werden wöchentlich nachbestellt.",
        "Die Premierenfeier organisiert jedes Mal ein anderes Team, die Liste hängt im Betriebsbüro.",
        "Anfragen der Presse laufen ausschließlich über die Pressestelle, auch wenn sie direkt bei uns ankommen.",
        "Das Inventar wird einmal im Jahr im Sommer vollständig geprüft und in der Tabelle aktualisiert.",
        "Die Lichtstimmungen sind im Pult unter dem Namen der Produktion und dem Datum gespeichert.",
        "Wer den Probenraum bucht, trägt sich bitte auch im gemeinsamen Kalender ein.",
        "Die Abrechnung der Reisekosten erfolgt innerhalb von vier Wochen nach der Rückkehr.",
        "Im Notfall gilt der Alarmplan, der an jeder Tür zur Bühne aushängt.",
        "Die Umbauten zwischen den Akten dürfen nicht länger als zwölf Minuten dauern.",
        "Für die Schulvorstellungen gibt es eine eigene Begleitmappe mit Materialien für den Unterricht.",
        "Die Maske beginnt bei großen Produktionen drei Stunden vor Vorstellungsbeginn.",
        "Der Orchestergraben wird nach der letzten Vorstellung der Woche wieder auf Bühnenniveau gefahren.",
        "Alle Dateien zur Produktion liegen im gemeinsamen Ordner unter dem Kürzel der Spielzeit.",
        "Die Wartung der Obermaschinerie übernimmt die Firma jeweils im Januar und im Juli.",
        "Bei Fragen zur Dienstplanung ist das Betriebsbüro montags bis freitags bis 16 Uhr erreichbar.",
        "Gäste melden sich an der Pforte an und bekommen dort einen Besucherausweis.",
        "Die Werkstätten arbeiten in der Regel von 7 bis 15.30 Uhr, an Premierentagen länger.",
        "Nach der Generalprobe gibt es eine kurze Besprechung mit allen Abteilungen im Foyer.",
        "Das Budget der Produktion wird monatlich mit der Verwaltung abgeglichen.",
        "Für Fotos während der Proben braucht es die Zustimmung der Regie und des Ensembles.",
        "Die Kantine bietet an Vorstellungstagen ab 17 Uhr warmes Essen an.",
        "Die Tickets für Gastspiele werden über das Kassensystem des Hauses abgerechnet.",
        "Beschädigte Kostüme kommen mit einem Zettel in den Korb vor der Schneiderei.",
        "Das Funkmikrofon Nummer sieben ist defekt und wird nicht mehr verwendet.",
        "Die Fluchtwege hinter der Seitenbühne müssen jederzeit in voller Breite frei bleiben.",
        "Für das Sommerfest brauchen wir wieder Helferinnen und Helfer für Aufbau und Ausschank.",
        "Die Zugänge zum Schnürboden sind nur für die Bühnentechnik freigegeben.",
        "Das Protokoll der Sitzung wird spätestens zwei Tage danach hier im Wiki abgelegt.",
    ];

    public static readonly string[] WikiBullets =
    [
        "Schlüssel beim Pförtner abholen", "Beleuchtung der Fluchtwege prüfen", "Funkstrecken laden",
        "Requisitenliste abhaken", "Kostüme auf Vollständigkeit prüfen", "Nebelmaschine befüllen",
        "Bühnenboden reinigen", "Pyrotechnik abnehmen lassen", "Pausenklingel testen", "Programmhefte auslegen",
        "Abendzettel ausdrucken", "Garderoben aufschließen", "Getränke für das Ensemble bereitstellen",
        "Dienstplan aushängen", "Maske informieren", "Technikrider an den Veranstalter schicken",
        "Transport bestellen", "Hotelzimmer buchen", "Reisekosten abrechnen", "Fotos freigeben lassen",
        "Pressemitteilung abstimmen", "Inventar aktualisieren", "Wartungstermin vereinbaren",
        "Probenraum im Kalender eintragen", "Notfallkontakte aktualisieren", "Sicherheitsunterweisung unterschreiben",
        "Ersatzteile bestellen", "Ablage im gemeinsamen Ordner", "Rückmeldung an die Regie",
        "Umbauzeiten stoppen", "Lichtstimmungen speichern", "Tonspuren sichern", "Einlass mit dem Vorderhaus klären",
        "Rollstuhlplätze freihalten", "Schulklassen begrüßen", "Nachgespräch moderieren", "Feedback einsammeln",
        "Protokoll schreiben", "Material zurück in den Fundus", "Schlüssel zurückgeben",
    ];

    public static readonly string[] WikiSummaries =
    [
        "", "", "", "Tippfehler", "Termine aktualisiert", "Neuer Abschnitt", "Kontakte ergänzt", "Ablauf angepasst",
        "nach Rücksprache mit der Technik", "Liste ergänzt", "veraltete Angaben entfernt", "Formulierung",
    ];

    /// <summary>Lower-case ASCII for handles and slugs: ä → ae, ß → ss, spaces → separator.</summary>
    public static string Ascii(string text, char separator)
    {
        var sb = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text.ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': sb.Append("ae"); break;
                case 'ö': sb.Append("oe"); break;
                case 'ü': sb.Append("ue"); break;
                case 'ß': sb.Append("ss"); break;
                case ' ' or '-' or '.': sb.Append(separator); break;
                default:
                    if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
