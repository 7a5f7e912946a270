//! The words demo customers are made of: French first names and family names
//! (accents, particles and the names of families who came from elsewhere
//! included), real towns with their postal code, streets and trades.

/// Women's first names.
#[rustfmt::skip]
pub(crate) const WOMEN: &[&str] = &[
    "Hélène", "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie",
    "Christine", "Sandrine", "Céline", "Stéphanie", "Aurélie", "Émilie", "Julie", "Camille",
    "Léa", "Chloé", "Manon", "Inès", "Zoé", "Anaïs", "Noémie", "Maëlys", "Gaëlle", "Élodie",
    "Mélanie", "Amélie", "Laëtitia", "Geneviève", "Thérèse", "Josiane", "Monique", "Brigitte",
    "Martine", "Agnès", "Béatrice", "Océane", "Clémence", "Margaux", "Pauline", "Sophie",
    "Laure", "Yasmine", "Fatima", "Nadia", "Samira", "Leïla", "Linh", "Thi Hoa", "Ana",
    "Maria", "Joana", "Aïcha", "Ophélie", "Solène", "Justine", "Jeanne", "Louise", "Rose",
];

/// Men's first names.
#[rustfmt::skip]
pub(crate) const MEN: &[&str] = &[
    "François", "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick", "Jérôme",
    "Stéphane", "Frédéric", "Sébastien", "Cédric", "Benoît", "Clément", "Raphaël", "Loïc",
    "Mathéo", "Théo", "Hugo", "Lucas", "Nicolas", "Julien", "Thomas", "Christophe", "Olivier",
    "Laurent", "David", "Éric", "Hervé", "Gérard", "René", "André", "Bernard", "Daniel",
    "Jean-Marc", "Jean-Luc", "Jean-François", "Marc-Antoine", "Grégory", "Jérémy", "Maxime",
    "Antoine", "Guillaume", "Romain", "Yann", "Gaël", "Erwan", "Killian", "Noé", "Karim",
    "Mohamed", "Mehdi", "Sofiane", "Rachid", "Minh", "Duc", "João", "Paulo", "Luís", "Kévin",
];

/// Family names, the most common in France first, then a spread of others.
#[rustfmt::skip]
pub(crate) const SURNAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guérin", "Müller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
    "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand",
    "Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux",
    "Colin", "Fernandez", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud",
    "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix",
    "Fabre", "Dupuis", "Olivier", "Rodriguez", "Da Silva", "Hubert", "Rivière", "Le Gall",
    "Le Goff", "Le Roux", "Guillaume", "Adam", "Rey", "Moulin", "Gonzalez", "Berger",
    "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Benoît", "Maillard", "Aubry",
    "Vasseur", "Jacquet", "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron",
    "Dupuy", "Pons", "Carré", "Rémy", "Schneider", "Perrot", "Guyot", "Barré", "Marty",
    "Cousin", "Lebrun", "Bouvier", "Tran", "Pham", "Haddad", "Benali", "Bensaïd", "Ferreira",
    "Pereira", "Dos Santos", "Rodrigues", "Martins", "Yilmaz", "Diallo", "Traoré", "Camara",
    "Kowalski", "Weber", "De Oliveira", "Saint-Jean", "d'Almeida", "Lévêque", "Besnard",
    "Cœur", "Hénaff", "Kerbrat", "Quéré", "Etcheverry", "Bianchi", "Rossi", "N'Diaye",
];

/// A real French town: postal code, name, landline area (01 to 05) and the
/// department number older plates carry.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Town {
    pub postal_code: &'static str,
    pub name: &'static str,
    pub area: u8,
    pub department: &'static str,
}

const fn town(postal_code: &'static str, name: &'static str, area: u8, dep: &'static str) -> Town {
    Town {
        postal_code,
        name,
        area,
        department: dep,
    }
}

/// Sixty-odd towns of every region, each with a real postal code.
pub(crate) const TOWNS: &[Town] = &[
    town("75011", "Paris", 1, "75"),
    town("75015", "Paris", 1, "75"),
    town("75018", "Paris", 1, "75"),
    town("92100", "Boulogne-Billancourt", 1, "92"),
    town("93200", "Saint-Denis", 1, "93"),
    town("78000", "Versailles", 1, "78"),
    town("94000", "Créteil", 1, "94"),
    town("94240", "L'Haÿ-les-Roses", 1, "94"),
    town("95100", "Argenteuil", 1, "95"),
    town("91000", "Évry-Courcouronnes", 1, "91"),
    town("77100", "Meaux", 1, "77"),
    town("69003", "Lyon", 4, "69"),
    town("69100", "Villeurbanne", 4, "69"),
    town("42000", "Saint-Étienne", 4, "42"),
    town("38000", "Grenoble", 4, "38"),
    town("74000", "Annecy", 4, "74"),
    town("74200", "Thonon-les-Bains", 4, "74"),
    town("73000", "Chambéry", 4, "73"),
    town("26200", "Montélimar", 4, "26"),
    town("63000", "Clermont-Ferrand", 4, "63"),
    town("13008", "Marseille", 4, "13"),
    town("13100", "Aix-en-Provence", 4, "13"),
    town("83000", "Toulon", 4, "83"),
    town("06000", "Nice", 4, "06"),
    town("84000", "Avignon", 4, "84"),
    town("34000", "Montpellier", 4, "34"),
    town("34200", "Sète", 4, "34"),
    town("30000", "Nîmes", 4, "30"),
    town("66000", "Perpignan", 4, "66"),
    town("20000", "Ajaccio", 4, "2A"),
    town("20200", "Bastia", 4, "2B"),
    town("31000", "Toulouse", 5, "31"),
    town("33000", "Bordeaux", 5, "33"),
    town("33700", "Mérignac", 5, "33"),
    town("64000", "Pau", 5, "64"),
    town("64100", "Bayonne", 5, "64"),
    town("47000", "Agen", 5, "47"),
    town("24000", "Périgueux", 5, "24"),
    town("87000", "Limoges", 5, "87"),
    town("86000", "Poitiers", 5, "86"),
    town("17000", "La Rochelle", 5, "17"),
    town("44000", "Nantes", 2, "44"),
    town("44600", "Saint-Nazaire", 2, "44"),
    town("35000", "Rennes", 2, "35"),
    town("35300", "Fougères", 2, "35"),
    town("29200", "Brest", 2, "29"),
    town("29000", "Quimper", 2, "29"),
    town("56100", "Lorient", 2, "56"),
    town("22000", "Saint-Brieuc", 2, "22"),
    town("49000", "Angers", 2, "49"),
    town("72000", "Le Mans", 2, "72"),
    town("85100", "Les Sables-d'Olonne", 2, "85"),
    town("37000", "Tours", 2, "37"),
    town("45000", "Orléans", 2, "45"),
    town("18000", "Bourges", 2, "18"),
    town("14000", "Caen", 2, "14"),
    town("76000", "Rouen", 2, "76"),
    town("76600", "Le Havre", 2, "76"),
    town("50100", "Cherbourg-en-Cotentin", 2, "50"),
    town("59000", "Lille", 3, "59"),
    town("59100", "Roubaix", 3, "59"),
    town("59140", "Dunkerque", 3, "59"),
    town("80000", "Amiens", 3, "80"),
    town("62000", "Arras", 3, "62"),
    town("51100", "Reims", 3, "51"),
    town("57000", "Metz", 3, "57"),
    town("54000", "Nancy", 3, "54"),
    town("88000", "Épinal", 3, "88"),
    town("67000", "Strasbourg", 3, "67"),
    town("68100", "Mulhouse", 3, "68"),
    town("25000", "Besançon", 3, "25"),
    town("21000", "Dijon", 3, "21"),
    town("10000", "Troyes", 3, "10"),
    town("89000", "Auxerre", 3, "89"),
];

/// Kinds of street.
#[rustfmt::skip]
pub(crate) const STREET_KINDS: &[&str] = &[
    "rue", "rue", "rue", "avenue", "boulevard", "impasse", "chemin", "allée", "place", "route",
];

/// Street names, as they follow the kind ("rue de la République").
#[rustfmt::skip]
pub(crate) const STREETS: &[&str] = &[
    "de la République", "Victor Hugo", "Jean Jaurès", "des Lilas", "du Général de Gaulle",
    "Pasteur", "de l'Église", "des Écoles", "du Moulin", "Gambetta", "Émile Zola", "de la Gare",
    "des Tilleuls", "du Château", "Jules Ferry", "Saint-Exupéry", "de Verdun", "Anatole France",
    "de la Paix", "des Érables", "Molière", "Louis Pasteur", "du 8 Mai 1945", "des Acacias",
    "Marcel Pagnol", "de Bretagne", "des Vignes", "du Stade", "Aristide Briand", "Foch",
    "de la Libération", "des Peupliers", "Georges Clemenceau", "du Port", "Sainte-Anne",
];

/// Address complements, for a few private customers.
pub(crate) const COMPLEMENTS: &[&str] = &[
    "Bât. B",
    "Appt 12",
    "Résidence Les Pins",
    "Escalier C",
    "Lieu-dit Le Bourg",
    "2e étage",
];

/// Business parks, for companies' second address line.
pub(crate) const BUSINESS_PARKS: &[&str] = &[
    "ZA du Moulin",
    "ZI Nord",
    "Parc d'activités des Écluses",
    "ZAC de la Gare",
    "ZA Les Vignes",
];

/// Trades of the companies a garage serves, most of which run vans.
#[rustfmt::skip]
pub(crate) const TRADES: &[&str] = &[
    "Transports", "Taxis", "Ambulances", "Plomberie", "Électricité", "Boulangerie",
    "Menuiserie", "Maçonnerie", "Paysages", "Livraisons", "Auto-école", "Nettoyage",
    "Couverture", "Peinture", "Chauffage", "Traiteur", "Fleurs", "Déménagements", "BTP",
    "Jardins", "Serrurerie", "Carrelage", "Informatique", "Sécurité", "Pompes funèbres",
];

/// Legal forms of French small companies.
pub(crate) const LEGAL_FORMS: &[&str] = &["SARL", "SAS", "EURL", "SASU"];

/// What a front desk notes about a customer.
pub(crate) const CUSTOMER_NOTES: &[&str] = &[
    "Préfère être appelé le matin.",
    "Client fidèle depuis 2012.",
    "Demande un véhicule de prêt pour les révisions.",
    "Paie par virement à réception de facture.",
    "Joignable uniquement par SMS.",
    "Garde ses pneus hiver à l'atelier.",
];

/// E-mail providers. Every address ends in `.example`, a domain reserved for
/// examples (RFC 2606), so a demo database can never send mail to anyone.
pub(crate) const MAIL_PROVIDERS: &[(u32, &str)] = &[
    (30, "orange"),
    (25, "gmail"),
    (10, "free"),
    (10, "sfr"),
    (8, "laposte"),
    (8, "hotmail"),
    (5, "wanadoo"),
    (4, "yahoo"),
];
