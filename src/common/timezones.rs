//! Windows time-zone ids, their display labels, and the IANA -> Windows
//! mapping.
//!
//! SecureVideo (like most Windows/.NET back ends) names time zones by their
//! Windows registry key ("Eastern Standard Time"), while browsers report IANA
//! names ("America/New_York"). This module is pure data plus lookups: no I/O,
//! std only, so it builds for wasm32 too.
//!
//! # Where the data comes from
//!
//! * **Windows ids** and the **IANA -> Windows mapping**: Unicode CLDR
//!   `common/supplemental/windowsZones.xml` (unicode-org/cldr main-branch
//!   snapshot, `mapTimezones otherVersion="7e11800"`; it already carries the
//!   tzdata 2024a Kazakhstan change, so it is CLDR 45 or later). That gives
//!   139 Windows ids and 445 IANA names: every name in every `type`
//!   attribute, for all territories. No IANA name there maps to two Windows
//!   ids; where a name is repeated, the territory "001" row is the one kept.
//! * **Aliases**: the tzdata backward links and the CLDR aliases
//!   ("Asia/Kolkata", "Europe/Kyiv", "US/Eastern", "Etc/UTC", "UTC", ...),
//!   as resolved by TimeZoneConverter (mattjohnsonpint/TimeZoneConverter,
//!   `DataVerificationTests.IANA_To_Windows.verified.txt`). Every name that
//!   list shares with CLDR maps to the same Windows id. It also maps the
//!   tzdata 2024b links (`CET`, `EET`, `MET`, `WET`, `EST`, `MST`, `HST`,
//!   `EST5EDT`, ...) to the Windows zone of their targets. "Antarctica/Troll"
//!   has no Windows zone and is left out.
//! * One extra alias: "America/Coyhaique" (tzdata 2025b, Chile's Aysen
//!   region, UTC-03 all year) -> "Magallanes Standard Time", the zone of
//!   "America/Punta_Arenas", which has the same rules.
//! * **Labels** are the English display names of current Windows 10/11
//!   (tzres), e.g. "(UTC-07:00) La Paz, Mazatlan", "(UTC+06:00) Bishkek",
//!   "(UTC+05:00) Astana". They come from published `Get-TimeZone
//!   -ListAvailable` listings and are newer than CLDR's comments.
//! * **Legacy ids** (`legacy: true`) are real Windows registry keys that CLDR
//!   no longer lists:
//!   - "Mid-Atlantic Standard Time" ("(UTC-02:00) Mid-Atlantic - Old") and
//!     "Kamchatka Standard Time" ("(UTC+12:00) Petropavlovsk-Kamchatsky -
//!     Old"). They are in CLDR 1.8's windowsZones.xml and Windows still ships
//!     them.
//!   - "Mexico Standard Time" and "Mexico Standard Time 2" (the Windows
//!     7-era "... - Old" Mexico zones). They are also in CLDR 1.8.
//!
//!   "Armenian Standard Time" is left out on purpose. It was a Windows XP
//!   key (CLDR 1.8 marks it `[XP]`), and from Vista on "Caucasus Standard
//!   Time" took over Yerevan, so the Windows versions in use around 2015
//!   most likely did not accept it.
//!
//! Legacy ids are accepted by [`canonical_windows_zone`] and
//! [`is_windows_zone`], but no IANA name maps to them.

/// One Windows time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WindowsZone {
    /// The Windows registry key / `TimeZoneInfo.Id`, e.g. "Eastern Standard Time".
    pub id: &'static str,
    /// The English display name Windows shows, e.g. "(UTC-05:00) Eastern Time (US & Canada)".
    pub label: &'static str,
    /// `true` for ids CLDR no longer lists (older systems accepted them).
    pub legacy: bool,
}

const fn zone(id: &'static str, label: &'static str, legacy: bool) -> WindowsZone {
    WindowsZone { id, label, legacy }
}

/// Every known Windows time zone, current and legacy. The order is the one
/// Windows uses: by the UTC offset in the label, then by label.
pub static WINDOWS_ZONES: &[WindowsZone] = &[
    zone(
        "Dateline Standard Time",
        "(UTC-12:00) International Date Line West",
        false,
    ),
    zone("UTC-11", "(UTC-11:00) Coordinated Universal Time-11", false),
    zone(
        "Aleutian Standard Time",
        "(UTC-10:00) Aleutian Islands",
        false,
    ),
    zone("Hawaiian Standard Time", "(UTC-10:00) Hawaii", false),
    zone(
        "Marquesas Standard Time",
        "(UTC-09:30) Marquesas Islands",
        false,
    ),
    zone("Alaskan Standard Time", "(UTC-09:00) Alaska", false),
    zone("UTC-09", "(UTC-09:00) Coordinated Universal Time-09", false),
    zone(
        "Pacific Standard Time (Mexico)",
        "(UTC-08:00) Baja California",
        false,
    ),
    zone("UTC-08", "(UTC-08:00) Coordinated Universal Time-08", false),
    zone(
        "Pacific Standard Time",
        "(UTC-08:00) Pacific Time (US & Canada)",
        false,
    ),
    zone("US Mountain Standard Time", "(UTC-07:00) Arizona", false),
    zone(
        "Mexico Standard Time 2",
        "(UTC-07:00) Chihuahua, La Paz, Mazatlan - Old",
        true,
    ),
    zone(
        "Mountain Standard Time (Mexico)",
        "(UTC-07:00) La Paz, Mazatlan",
        false,
    ),
    zone(
        "Mountain Standard Time",
        "(UTC-07:00) Mountain Time (US & Canada)",
        false,
    ),
    zone("Yukon Standard Time", "(UTC-07:00) Yukon", false),
    zone(
        "Central America Standard Time",
        "(UTC-06:00) Central America",
        false,
    ),
    zone(
        "Central Standard Time",
        "(UTC-06:00) Central Time (US & Canada)",
        false,
    ),
    zone(
        "Easter Island Standard Time",
        "(UTC-06:00) Easter Island",
        false,
    ),
    zone(
        "Central Standard Time (Mexico)",
        "(UTC-06:00) Guadalajara, Mexico City, Monterrey",
        false,
    ),
    zone(
        "Mexico Standard Time",
        "(UTC-06:00) Guadalajara, Mexico City, Monterrey - Old",
        true,
    ),
    zone(
        "Canada Central Standard Time",
        "(UTC-06:00) Saskatchewan",
        false,
    ),
    zone(
        "SA Pacific Standard Time",
        "(UTC-05:00) Bogota, Lima, Quito, Rio Branco",
        false,
    ),
    zone(
        "Eastern Standard Time (Mexico)",
        "(UTC-05:00) Chetumal",
        false,
    ),
    zone(
        "Eastern Standard Time",
        "(UTC-05:00) Eastern Time (US & Canada)",
        false,
    ),
    zone("Haiti Standard Time", "(UTC-05:00) Haiti", false),
    zone("Cuba Standard Time", "(UTC-05:00) Havana", false),
    zone(
        "US Eastern Standard Time",
        "(UTC-05:00) Indiana (East)",
        false,
    ),
    zone(
        "Turks And Caicos Standard Time",
        "(UTC-05:00) Turks and Caicos",
        false,
    ),
    zone("Paraguay Standard Time", "(UTC-04:00) Asuncion", false),
    zone(
        "Atlantic Standard Time",
        "(UTC-04:00) Atlantic Time (Canada)",
        false,
    ),
    zone("Venezuela Standard Time", "(UTC-04:00) Caracas", false),
    zone(
        "Central Brazilian Standard Time",
        "(UTC-04:00) Cuiaba",
        false,
    ),
    zone(
        "SA Western Standard Time",
        "(UTC-04:00) Georgetown, La Paz, Manaus, San Juan",
        false,
    ),
    zone("Pacific SA Standard Time", "(UTC-04:00) Santiago", false),
    zone(
        "Newfoundland Standard Time",
        "(UTC-03:30) Newfoundland",
        false,
    ),
    zone("Tocantins Standard Time", "(UTC-03:00) Araguaina", false),
    zone(
        "E. South America Standard Time",
        "(UTC-03:00) Brasilia",
        false,
    ),
    zone(
        "SA Eastern Standard Time",
        "(UTC-03:00) Cayenne, Fortaleza",
        false,
    ),
    zone(
        "Argentina Standard Time",
        "(UTC-03:00) City of Buenos Aires",
        false,
    ),
    zone("Montevideo Standard Time", "(UTC-03:00) Montevideo", false),
    zone(
        "Magallanes Standard Time",
        "(UTC-03:00) Punta Arenas",
        false,
    ),
    zone(
        "Saint Pierre Standard Time",
        "(UTC-03:00) Saint Pierre and Miquelon",
        false,
    ),
    zone("Bahia Standard Time", "(UTC-03:00) Salvador", false),
    zone("UTC-02", "(UTC-02:00) Coordinated Universal Time-02", false),
    zone("Greenland Standard Time", "(UTC-02:00) Greenland", false),
    zone(
        "Mid-Atlantic Standard Time",
        "(UTC-02:00) Mid-Atlantic - Old",
        true,
    ),
    zone("Azores Standard Time", "(UTC-01:00) Azores", false),
    zone(
        "Cape Verde Standard Time",
        "(UTC-01:00) Cabo Verde Is.",
        false,
    ),
    zone("UTC", "(UTC) Coordinated Universal Time", false),
    zone(
        "GMT Standard Time",
        "(UTC+00:00) Dublin, Edinburgh, Lisbon, London",
        false,
    ),
    zone(
        "Greenwich Standard Time",
        "(UTC+00:00) Monrovia, Reykjavik",
        false,
    ),
    zone("Sao Tome Standard Time", "(UTC+00:00) Sao Tome", false),
    zone(
        "W. Europe Standard Time",
        "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        false,
    ),
    zone(
        "Central Europe Standard Time",
        "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague",
        false,
    ),
    zone(
        "Romance Standard Time",
        "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
        false,
    ),
    zone("Morocco Standard Time", "(UTC+01:00) Casablanca", false),
    zone(
        "Central European Standard Time",
        "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb",
        false,
    ),
    zone(
        "W. Central Africa Standard Time",
        "(UTC+01:00) West Central Africa",
        false,
    ),
    zone("GTB Standard Time", "(UTC+02:00) Athens, Bucharest", false),
    zone("Middle East Standard Time", "(UTC+02:00) Beirut", false),
    zone("Egypt Standard Time", "(UTC+02:00) Cairo", false),
    zone("E. Europe Standard Time", "(UTC+02:00) Chisinau", false),
    zone("West Bank Standard Time", "(UTC+02:00) Gaza, Hebron", false),
    zone(
        "South Africa Standard Time",
        "(UTC+02:00) Harare, Pretoria",
        false,
    ),
    zone(
        "FLE Standard Time",
        "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius",
        false,
    ),
    zone("Israel Standard Time", "(UTC+02:00) Jerusalem", false),
    zone("South Sudan Standard Time", "(UTC+02:00) Juba", false),
    zone(
        "Kaliningrad Standard Time",
        "(UTC+02:00) Kaliningrad",
        false,
    ),
    zone("Sudan Standard Time", "(UTC+02:00) Khartoum", false),
    zone("Libya Standard Time", "(UTC+02:00) Tripoli", false),
    zone("Namibia Standard Time", "(UTC+02:00) Windhoek", false),
    zone("Jordan Standard Time", "(UTC+03:00) Amman", false),
    zone("Arabic Standard Time", "(UTC+03:00) Baghdad", false),
    zone("Syria Standard Time", "(UTC+03:00) Damascus", false),
    zone("Turkey Standard Time", "(UTC+03:00) Istanbul", false),
    zone("Arab Standard Time", "(UTC+03:00) Kuwait, Riyadh", false),
    zone("Belarus Standard Time", "(UTC+03:00) Minsk", false),
    zone(
        "Russian Standard Time",
        "(UTC+03:00) Moscow, St. Petersburg",
        false,
    ),
    zone("E. Africa Standard Time", "(UTC+03:00) Nairobi", false),
    zone("Volgograd Standard Time", "(UTC+03:00) Volgograd", false),
    zone("Iran Standard Time", "(UTC+03:30) Tehran", false),
    zone(
        "Arabian Standard Time",
        "(UTC+04:00) Abu Dhabi, Muscat",
        false,
    ),
    zone(
        "Astrakhan Standard Time",
        "(UTC+04:00) Astrakhan, Ulyanovsk",
        false,
    ),
    zone("Azerbaijan Standard Time", "(UTC+04:00) Baku", false),
    zone("Russia Time Zone 3", "(UTC+04:00) Izhevsk, Samara", false),
    zone("Mauritius Standard Time", "(UTC+04:00) Port Louis", false),
    zone("Saratov Standard Time", "(UTC+04:00) Saratov", false),
    zone("Georgian Standard Time", "(UTC+04:00) Tbilisi", false),
    zone("Caucasus Standard Time", "(UTC+04:00) Yerevan", false),
    zone("Afghanistan Standard Time", "(UTC+04:30) Kabul", false),
    zone(
        "West Asia Standard Time",
        "(UTC+05:00) Ashgabat, Tashkent",
        false,
    ),
    zone("Qyzylorda Standard Time", "(UTC+05:00) Astana", false),
    zone(
        "Ekaterinburg Standard Time",
        "(UTC+05:00) Ekaterinburg",
        false,
    ),
    zone(
        "Pakistan Standard Time",
        "(UTC+05:00) Islamabad, Karachi",
        false,
    ),
    zone(
        "India Standard Time",
        "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi",
        false,
    ),
    zone(
        "Sri Lanka Standard Time",
        "(UTC+05:30) Sri Jayawardenepura",
        false,
    ),
    zone("Nepal Standard Time", "(UTC+05:45) Kathmandu", false),
    zone("Central Asia Standard Time", "(UTC+06:00) Bishkek", false),
    zone("Bangladesh Standard Time", "(UTC+06:00) Dhaka", false),
    zone("Omsk Standard Time", "(UTC+06:00) Omsk", false),
    zone(
        "Myanmar Standard Time",
        "(UTC+06:30) Yangon (Rangoon)",
        false,
    ),
    zone(
        "SE Asia Standard Time",
        "(UTC+07:00) Bangkok, Hanoi, Jakarta",
        false,
    ),
    zone(
        "Altai Standard Time",
        "(UTC+07:00) Barnaul, Gorno-Altaysk",
        false,
    ),
    zone("W. Mongolia Standard Time", "(UTC+07:00) Hovd", false),
    zone("North Asia Standard Time", "(UTC+07:00) Krasnoyarsk", false),
    zone(
        "N. Central Asia Standard Time",
        "(UTC+07:00) Novosibirsk",
        false,
    ),
    zone("Tomsk Standard Time", "(UTC+07:00) Tomsk", false),
    zone(
        "China Standard Time",
        "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi",
        false,
    ),
    zone(
        "North Asia East Standard Time",
        "(UTC+08:00) Irkutsk",
        false,
    ),
    zone(
        "Singapore Standard Time",
        "(UTC+08:00) Kuala Lumpur, Singapore",
        false,
    ),
    zone("W. Australia Standard Time", "(UTC+08:00) Perth", false),
    zone("Taipei Standard Time", "(UTC+08:00) Taipei", false),
    zone(
        "Ulaanbaatar Standard Time",
        "(UTC+08:00) Ulaanbaatar",
        false,
    ),
    zone("Aus Central W. Standard Time", "(UTC+08:45) Eucla", false),
    zone("Transbaikal Standard Time", "(UTC+09:00) Chita", false),
    zone(
        "Tokyo Standard Time",
        "(UTC+09:00) Osaka, Sapporo, Tokyo",
        false,
    ),
    zone("North Korea Standard Time", "(UTC+09:00) Pyongyang", false),
    zone("Korea Standard Time", "(UTC+09:00) Seoul", false),
    zone("Yakutsk Standard Time", "(UTC+09:00) Yakutsk", false),
    zone(
        "Cen. Australia Standard Time",
        "(UTC+09:30) Adelaide",
        false,
    ),
    zone("AUS Central Standard Time", "(UTC+09:30) Darwin", false),
    zone("E. Australia Standard Time", "(UTC+10:00) Brisbane", false),
    zone(
        "AUS Eastern Standard Time",
        "(UTC+10:00) Canberra, Melbourne, Sydney",
        false,
    ),
    zone(
        "West Pacific Standard Time",
        "(UTC+10:00) Guam, Port Moresby",
        false,
    ),
    zone("Tasmania Standard Time", "(UTC+10:00) Hobart", false),
    zone(
        "Vladivostok Standard Time",
        "(UTC+10:00) Vladivostok",
        false,
    ),
    zone(
        "Lord Howe Standard Time",
        "(UTC+10:30) Lord Howe Island",
        false,
    ),
    zone(
        "Bougainville Standard Time",
        "(UTC+11:00) Bougainville Island",
        false,
    ),
    zone("Russia Time Zone 10", "(UTC+11:00) Chokurdakh", false),
    zone("Magadan Standard Time", "(UTC+11:00) Magadan", false),
    zone("Norfolk Standard Time", "(UTC+11:00) Norfolk Island", false),
    zone("Sakhalin Standard Time", "(UTC+11:00) Sakhalin", false),
    zone(
        "Central Pacific Standard Time",
        "(UTC+11:00) Solomon Is., New Caledonia",
        false,
    ),
    zone(
        "Russia Time Zone 11",
        "(UTC+12:00) Anadyr, Petropavlovsk-Kamchatsky",
        false,
    ),
    zone(
        "New Zealand Standard Time",
        "(UTC+12:00) Auckland, Wellington",
        false,
    ),
    zone("UTC+12", "(UTC+12:00) Coordinated Universal Time+12", false),
    zone("Fiji Standard Time", "(UTC+12:00) Fiji", false),
    zone(
        "Kamchatka Standard Time",
        "(UTC+12:00) Petropavlovsk-Kamchatsky - Old",
        true,
    ),
    zone(
        "Chatham Islands Standard Time",
        "(UTC+12:45) Chatham Islands",
        false,
    ),
    zone("UTC+13", "(UTC+13:00) Coordinated Universal Time+13", false),
    zone("Tonga Standard Time", "(UTC+13:00) Nuku'alofa", false),
    zone("Samoa Standard Time", "(UTC+13:00) Samoa", false),
    zone(
        "Line Islands Standard Time",
        "(UTC+14:00) Kiritimati Island",
        false,
    ),
];

/// The IANA names of each current Windows zone, space-separated, in the
/// order of [`WINDOWS_ZONES`]. CLDR windowsZones.xml (all territories, "001"
/// first) plus tzdata and CLDR aliases; see the module docs. Grouped by
/// Windows id rather than listed as (IANA, Windows) pairs: the widget ships
/// this table, and one entry per Windows zone is a third of the size.
/// [`iana_to_windows`] lists the pairs.
pub static IANA_BY_WINDOWS_ZONE: &[(&str, &str)] = &[
    ("Dateline Standard Time", "Etc/GMT+12"),
    (
        "UTC-11",
        "Etc/GMT+11 Pacific/Midway Pacific/Niue Pacific/Pago_Pago Pacific/Samoa \
         US/Samoa",
    ),
    (
        "Aleutian Standard Time",
        "America/Adak America/Atka US/Aleutian",
    ),
    (
        "Hawaiian Standard Time",
        "Etc/GMT+10 HST Pacific/Honolulu Pacific/Johnston Pacific/Rarotonga \
         Pacific/Tahiti US/Hawaii",
    ),
    ("Marquesas Standard Time", "Pacific/Marquesas"),
    (
        "Alaskan Standard Time",
        "America/Anchorage America/Juneau America/Metlakatla America/Nome \
         America/Sitka America/Yakutat US/Alaska",
    ),
    ("UTC-09", "Etc/GMT+9 Pacific/Gambier"),
    (
        "Pacific Standard Time (Mexico)",
        "America/Ensenada America/Santa_Isabel America/Tijuana Mexico/BajaNorte",
    ),
    ("UTC-08", "Etc/GMT+8 Pacific/Pitcairn"),
    (
        "Pacific Standard Time",
        "America/Los_Angeles America/Vancouver Canada/Pacific PST8PDT \
         US/Pacific",
    ),
    (
        "US Mountain Standard Time",
        "America/Creston America/Dawson_Creek America/Fort_Nelson \
         America/Hermosillo America/Phoenix Etc/GMT+7 MST US/Arizona",
    ),
    (
        "Mountain Standard Time (Mexico)",
        "America/Mazatlan Mexico/BajaSur",
    ),
    (
        "Mountain Standard Time",
        "America/Boise America/Cambridge_Bay America/Ciudad_Juarez \
         America/Denver America/Edmonton America/Inuvik America/Shiprock \
         America/Yellowknife Canada/Mountain MST7MDT Navajo US/Mountain",
    ),
    (
        "Yukon Standard Time",
        "America/Dawson America/Whitehorse Canada/Yukon",
    ),
    (
        "Central America Standard Time",
        "America/Belize America/Costa_Rica America/El_Salvador \
         America/Guatemala America/Managua America/Tegucigalpa Etc/GMT+6 \
         Pacific/Galapagos",
    ),
    (
        "Central Standard Time",
        "America/Chicago America/Indiana/Knox America/Indiana/Tell_City \
         America/Knox_IN America/Matamoros America/Menominee \
         America/North_Dakota/Beulah America/North_Dakota/Center \
         America/North_Dakota/New_Salem America/Ojinaga America/Rainy_River \
         America/Rankin_Inlet America/Resolute America/Winnipeg CST6CDT \
         Canada/Central US/Central US/Indiana-Starke",
    ),
    (
        "Easter Island Standard Time",
        "Chile/EasterIsland Pacific/Easter",
    ),
    (
        "Central Standard Time (Mexico)",
        "America/Bahia_Banderas America/Chihuahua America/Merida \
         America/Mexico_City America/Monterrey Mexico/General",
    ),
    (
        "Canada Central Standard Time",
        "America/Regina America/Swift_Current Canada/Saskatchewan",
    ),
    (
        "SA Pacific Standard Time",
        "America/Atikokan America/Bogota America/Cayman America/Coral_Harbour \
         America/Eirunepe America/Guayaquil America/Jamaica America/Lima \
         America/Panama America/Porto_Acre America/Rio_Branco Brazil/Acre EST \
         Etc/GMT+5 Jamaica",
    ),
    ("Eastern Standard Time (Mexico)", "America/Cancun"),
    (
        "Eastern Standard Time",
        "America/Detroit America/Indiana/Petersburg America/Indiana/Vincennes \
         America/Indiana/Winamac America/Iqaluit America/Kentucky/Louisville \
         America/Kentucky/Monticello America/Louisville America/Montreal \
         America/Nassau America/New_York America/Nipigon America/Pangnirtung \
         America/Thunder_Bay America/Toronto Canada/Eastern EST5EDT US/Eastern \
         US/Michigan",
    ),
    ("Haiti Standard Time", "America/Port-au-Prince"),
    ("Cuba Standard Time", "America/Havana Cuba"),
    (
        "US Eastern Standard Time",
        "America/Fort_Wayne America/Indiana/Indianapolis \
         America/Indiana/Marengo America/Indiana/Vevay America/Indianapolis \
         US/East-Indiana",
    ),
    ("Turks And Caicos Standard Time", "America/Grand_Turk"),
    ("Paraguay Standard Time", "America/Asuncion"),
    (
        "Atlantic Standard Time",
        "America/Glace_Bay America/Goose_Bay America/Halifax America/Moncton \
         America/Thule Atlantic/Bermuda Canada/Atlantic",
    ),
    ("Venezuela Standard Time", "America/Caracas"),
    (
        "Central Brazilian Standard Time",
        "America/Campo_Grande America/Cuiaba",
    ),
    (
        "SA Western Standard Time",
        "America/Anguilla America/Antigua America/Aruba America/Barbados \
         America/Blanc-Sablon America/Boa_Vista America/Curacao \
         America/Dominica America/Grenada America/Guadeloupe America/Guyana \
         America/Kralendijk America/La_Paz America/Lower_Princes America/Manaus \
         America/Marigot America/Martinique America/Montserrat \
         America/Port_of_Spain America/Porto_Velho America/Puerto_Rico \
         America/Santo_Domingo America/St_Barthelemy America/St_Kitts \
         America/St_Lucia America/St_Thomas America/St_Vincent America/Tortola \
         America/Virgin Brazil/West Etc/GMT+4",
    ),
    (
        "Pacific SA Standard Time",
        "America/Santiago Chile/Continental",
    ),
    (
        "Newfoundland Standard Time",
        "America/St_Johns Canada/Newfoundland",
    ),
    ("Tocantins Standard Time", "America/Araguaina"),
    (
        "E. South America Standard Time",
        "America/Sao_Paulo Brazil/East",
    ),
    (
        "SA Eastern Standard Time",
        "America/Belem America/Cayenne America/Fortaleza America/Maceio \
         America/Paramaribo America/Recife America/Santarem Antarctica/Palmer \
         Antarctica/Rothera Atlantic/Stanley Etc/GMT+3",
    ),
    (
        "Argentina Standard Time",
        "America/Argentina/Buenos_Aires America/Argentina/Catamarca \
         America/Argentina/ComodRivadavia America/Argentina/Cordoba \
         America/Argentina/Jujuy America/Argentina/La_Rioja \
         America/Argentina/Mendoza America/Argentina/Rio_Gallegos \
         America/Argentina/Salta America/Argentina/San_Juan \
         America/Argentina/San_Luis America/Argentina/Tucuman \
         America/Argentina/Ushuaia America/Buenos_Aires America/Catamarca \
         America/Cordoba America/Jujuy America/Mendoza America/Rosario",
    ),
    ("Montevideo Standard Time", "America/Montevideo"),
    (
        "Magallanes Standard Time",
        "America/Coyhaique America/Punta_Arenas",
    ),
    ("Saint Pierre Standard Time", "America/Miquelon"),
    ("Bahia Standard Time", "America/Bahia"),
    (
        "UTC-02",
        "America/Noronha Atlantic/South_Georgia Brazil/DeNoronha Etc/GMT+2",
    ),
    ("Greenland Standard Time", "America/Godthab America/Nuuk"),
    (
        "Azores Standard Time",
        "America/Scoresbysund Atlantic/Azores",
    ),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde Etc/GMT+1"),
    (
        "UTC",
        "Etc/GMT Etc/GMT+0 Etc/GMT-0 Etc/GMT0 Etc/Greenwich Etc/UCT Etc/UTC \
         Etc/Universal Etc/Zulu GMT GMT+0 GMT-0 GMT0 Greenwich UCT UTC \
         Universal Zulu",
    ),
    (
        "GMT Standard Time",
        "Atlantic/Canary Atlantic/Faeroe Atlantic/Faroe Atlantic/Madeira Eire \
         Europe/Belfast Europe/Dublin Europe/Guernsey Europe/Isle_of_Man \
         Europe/Jersey Europe/Lisbon Europe/London GB GB-Eire Portugal WET",
    ),
    (
        "Greenwich Standard Time",
        "Africa/Abidjan Africa/Accra Africa/Bamako Africa/Banjul Africa/Bissau \
         Africa/Conakry Africa/Dakar Africa/Freetown Africa/Lome \
         Africa/Monrovia Africa/Nouakchott Africa/Ouagadougou Africa/Timbuktu \
         America/Danmarkshavn Atlantic/Reykjavik Atlantic/St_Helena Iceland",
    ),
    ("Sao Tome Standard Time", "Africa/Sao_Tome"),
    (
        "W. Europe Standard Time",
        "Arctic/Longyearbyen Atlantic/Jan_Mayen Europe/Amsterdam Europe/Andorra \
         Europe/Berlin Europe/Busingen Europe/Gibraltar Europe/Luxembourg \
         Europe/Malta Europe/Monaco Europe/Oslo Europe/Rome Europe/San_Marino \
         Europe/Stockholm Europe/Vaduz Europe/Vatican Europe/Vienna \
         Europe/Zurich",
    ),
    (
        "Central Europe Standard Time",
        "Europe/Belgrade Europe/Bratislava Europe/Budapest Europe/Ljubljana \
         Europe/Podgorica Europe/Prague Europe/Tirane",
    ),
    (
        "Romance Standard Time",
        "Africa/Ceuta CET Europe/Brussels Europe/Copenhagen Europe/Madrid \
         Europe/Paris MET",
    ),
    ("Morocco Standard Time", "Africa/Casablanca Africa/El_Aaiun"),
    (
        "Central European Standard Time",
        "Europe/Sarajevo Europe/Skopje Europe/Warsaw Europe/Zagreb Poland",
    ),
    (
        "W. Central Africa Standard Time",
        "Africa/Algiers Africa/Bangui Africa/Brazzaville Africa/Douala \
         Africa/Kinshasa Africa/Lagos Africa/Libreville Africa/Luanda \
         Africa/Malabo Africa/Ndjamena Africa/Niamey Africa/Porto-Novo \
         Africa/Tunis Etc/GMT-1",
    ),
    (
        "GTB Standard Time",
        "Asia/Famagusta Asia/Nicosia EET Europe/Athens Europe/Bucharest \
         Europe/Nicosia",
    ),
    ("Middle East Standard Time", "Asia/Beirut"),
    ("Egypt Standard Time", "Africa/Cairo Egypt"),
    ("E. Europe Standard Time", "Europe/Chisinau Europe/Tiraspol"),
    ("West Bank Standard Time", "Asia/Gaza Asia/Hebron"),
    (
        "South Africa Standard Time",
        "Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Harare \
         Africa/Johannesburg Africa/Kigali Africa/Lubumbashi Africa/Lusaka \
         Africa/Maputo Africa/Maseru Africa/Mbabane Etc/GMT-2",
    ),
    (
        "FLE Standard Time",
        "Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Mariehamn Europe/Riga \
         Europe/Sofia Europe/Tallinn Europe/Uzhgorod Europe/Vilnius \
         Europe/Zaporozhye",
    ),
    (
        "Israel Standard Time",
        "Asia/Jerusalem Asia/Tel_Aviv Israel",
    ),
    ("South Sudan Standard Time", "Africa/Juba"),
    ("Kaliningrad Standard Time", "Europe/Kaliningrad"),
    ("Sudan Standard Time", "Africa/Khartoum"),
    ("Libya Standard Time", "Africa/Tripoli Libya"),
    ("Namibia Standard Time", "Africa/Windhoek"),
    ("Jordan Standard Time", "Asia/Amman"),
    ("Arabic Standard Time", "Asia/Baghdad"),
    ("Syria Standard Time", "Asia/Damascus"),
    (
        "Turkey Standard Time",
        "Asia/Istanbul Europe/Istanbul Turkey",
    ),
    (
        "Arab Standard Time",
        "Asia/Aden Asia/Bahrain Asia/Kuwait Asia/Qatar Asia/Riyadh",
    ),
    ("Belarus Standard Time", "Europe/Minsk"),
    (
        "Russian Standard Time",
        "Europe/Kirov Europe/Moscow Europe/Simferopol W-SU",
    ),
    (
        "E. Africa Standard Time",
        "Africa/Addis_Ababa Africa/Asmara Africa/Asmera Africa/Dar_es_Salaam \
         Africa/Djibouti Africa/Kampala Africa/Mogadishu Africa/Nairobi \
         Antarctica/Syowa Etc/GMT-3 Indian/Antananarivo Indian/Comoro \
         Indian/Mayotte",
    ),
    ("Volgograd Standard Time", "Europe/Volgograd"),
    ("Iran Standard Time", "Asia/Tehran Iran"),
    ("Arabian Standard Time", "Asia/Dubai Asia/Muscat Etc/GMT-4"),
    (
        "Astrakhan Standard Time",
        "Europe/Astrakhan Europe/Ulyanovsk",
    ),
    ("Azerbaijan Standard Time", "Asia/Baku"),
    ("Russia Time Zone 3", "Europe/Samara"),
    (
        "Mauritius Standard Time",
        "Indian/Mahe Indian/Mauritius Indian/Reunion",
    ),
    ("Saratov Standard Time", "Europe/Saratov"),
    ("Georgian Standard Time", "Asia/Tbilisi"),
    ("Caucasus Standard Time", "Asia/Yerevan"),
    ("Afghanistan Standard Time", "Asia/Kabul"),
    (
        "West Asia Standard Time",
        "Antarctica/Mawson Asia/Almaty Asia/Aqtau Asia/Aqtobe Asia/Ashgabat \
         Asia/Ashkhabad Asia/Atyrau Asia/Dushanbe Asia/Oral Asia/Qostanay \
         Asia/Samarkand Asia/Tashkent Etc/GMT-5 Indian/Kerguelen \
         Indian/Maldives",
    ),
    ("Qyzylorda Standard Time", "Asia/Qyzylorda"),
    ("Ekaterinburg Standard Time", "Asia/Yekaterinburg"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("India Standard Time", "Asia/Calcutta Asia/Kolkata"),
    ("Sri Lanka Standard Time", "Asia/Colombo"),
    ("Nepal Standard Time", "Asia/Kathmandu Asia/Katmandu"),
    (
        "Central Asia Standard Time",
        "Antarctica/Vostok Asia/Bishkek Asia/Kashgar Asia/Urumqi Etc/GMT-6 \
         Indian/Chagos",
    ),
    (
        "Bangladesh Standard Time",
        "Asia/Dacca Asia/Dhaka Asia/Thimbu Asia/Thimphu",
    ),
    ("Omsk Standard Time", "Asia/Omsk"),
    (
        "Myanmar Standard Time",
        "Asia/Rangoon Asia/Yangon Indian/Cocos",
    ),
    (
        "SE Asia Standard Time",
        "Antarctica/Davis Asia/Bangkok Asia/Ho_Chi_Minh Asia/Jakarta \
         Asia/Phnom_Penh Asia/Pontianak Asia/Saigon Asia/Vientiane Etc/GMT-7 \
         Indian/Christmas",
    ),
    ("Altai Standard Time", "Asia/Barnaul"),
    ("W. Mongolia Standard Time", "Asia/Hovd"),
    (
        "North Asia Standard Time",
        "Asia/Krasnoyarsk Asia/Novokuznetsk",
    ),
    ("N. Central Asia Standard Time", "Asia/Novosibirsk"),
    ("Tomsk Standard Time", "Asia/Tomsk"),
    (
        "China Standard Time",
        "Asia/Chongqing Asia/Chungking Asia/Harbin Asia/Hong_Kong Asia/Macao \
         Asia/Macau Asia/Shanghai Hongkong PRC",
    ),
    ("North Asia East Standard Time", "Asia/Irkutsk"),
    (
        "Singapore Standard Time",
        "Asia/Brunei Asia/Kuala_Lumpur Asia/Kuching Asia/Makassar Asia/Manila \
         Asia/Singapore Asia/Ujung_Pandang Etc/GMT-8 Singapore",
    ),
    (
        "W. Australia Standard Time",
        "Australia/Perth Australia/West",
    ),
    ("Taipei Standard Time", "Asia/Taipei ROC"),
    (
        "Ulaanbaatar Standard Time",
        "Asia/Choibalsan Asia/Ulaanbaatar Asia/Ulan_Bator",
    ),
    ("Aus Central W. Standard Time", "Australia/Eucla"),
    ("Transbaikal Standard Time", "Asia/Chita"),
    (
        "Tokyo Standard Time",
        "Asia/Dili Asia/Jayapura Asia/Tokyo Etc/GMT-9 Japan Pacific/Palau",
    ),
    ("North Korea Standard Time", "Asia/Pyongyang"),
    ("Korea Standard Time", "Asia/Seoul ROK"),
    ("Yakutsk Standard Time", "Asia/Khandyga Asia/Yakutsk"),
    (
        "Cen. Australia Standard Time",
        "Australia/Adelaide Australia/Broken_Hill Australia/South \
         Australia/Yancowinna",
    ),
    (
        "AUS Central Standard Time",
        "Australia/Darwin Australia/North",
    ),
    (
        "E. Australia Standard Time",
        "Australia/Brisbane Australia/Lindeman Australia/Queensland",
    ),
    (
        "AUS Eastern Standard Time",
        "Australia/ACT Australia/Canberra Australia/Melbourne Australia/NSW \
         Australia/Sydney Australia/Victoria",
    ),
    (
        "West Pacific Standard Time",
        "Antarctica/DumontDUrville Etc/GMT-10 Pacific/Chuuk Pacific/Guam \
         Pacific/Port_Moresby Pacific/Saipan Pacific/Truk Pacific/Yap",
    ),
    (
        "Tasmania Standard Time",
        "Antarctica/Macquarie Australia/Currie Australia/Hobart \
         Australia/Tasmania",
    ),
    (
        "Vladivostok Standard Time",
        "Asia/Ust-Nera Asia/Vladivostok",
    ),
    (
        "Lord Howe Standard Time",
        "Australia/LHI Australia/Lord_Howe",
    ),
    ("Bougainville Standard Time", "Pacific/Bougainville"),
    ("Russia Time Zone 10", "Asia/Srednekolymsk"),
    ("Magadan Standard Time", "Asia/Magadan"),
    ("Norfolk Standard Time", "Pacific/Norfolk"),
    ("Sakhalin Standard Time", "Asia/Sakhalin"),
    (
        "Central Pacific Standard Time",
        "Antarctica/Casey Etc/GMT-11 Pacific/Efate Pacific/Guadalcanal \
         Pacific/Kosrae Pacific/Noumea Pacific/Pohnpei Pacific/Ponape",
    ),
    ("Russia Time Zone 11", "Asia/Anadyr Asia/Kamchatka"),
    (
        "New Zealand Standard Time",
        "Antarctica/McMurdo Antarctica/South_Pole NZ Pacific/Auckland",
    ),
    (
        "UTC+12",
        "Etc/GMT-12 Kwajalein Pacific/Funafuti Pacific/Kwajalein Pacific/Majuro \
         Pacific/Nauru Pacific/Tarawa Pacific/Wake Pacific/Wallis",
    ),
    ("Fiji Standard Time", "Pacific/Fiji"),
    ("Chatham Islands Standard Time", "NZ-CHAT Pacific/Chatham"),
    (
        "UTC+13",
        "Etc/GMT-13 Pacific/Enderbury Pacific/Fakaofo Pacific/Kanton",
    ),
    ("Tonga Standard Time", "Pacific/Tongatapu"),
    ("Samoa Standard Time", "Pacific/Apia"),
    (
        "Line Islands Standard Time",
        "Etc/GMT-14 Pacific/Kiritimati",
    ),
];

/// Finds a Windows zone by id. Case does not matter and surrounding
/// whitespace is ignored. Legacy ids are found too.
pub fn windows_zone(id: &str) -> Option<&'static WindowsZone> {
    let id = id.trim();
    WINDOWS_ZONES
        .iter()
        .find(|zone| zone.id.eq_ignore_ascii_case(id))
}

/// Returns the canonical spelling of a Windows time-zone id. Case does not
/// matter and surrounding whitespace is ignored. Legacy ids are accepted.
///
/// `canonical_windows_zone(" eastern standard time ")` returns
/// `Some("Eastern Standard Time")`.
pub fn canonical_windows_zone(id: &str) -> Option<&'static str> {
    windows_zone(id).map(|zone| zone.id)
}

/// Whether `id` is a Windows time-zone id, current or legacy. Same rules as
/// [`canonical_windows_zone`].
pub fn is_windows_zone(id: &str) -> bool {
    windows_zone(id).is_some()
}

/// Maps an IANA time-zone name, as browsers report it through
/// `Intl.DateTimeFormat().resolvedOptions().timeZone`, to its Windows id.
/// Case must match exactly; only surrounding whitespace is ignored. Returns
/// `None` for unknown names. The answer is never a legacy id.
pub fn windows_zone_for_iana(iana: &str) -> Option<&'static str> {
    let iana = iana.trim();
    iana_to_windows()
        .find(|(name, _)| *name == iana)
        .map(|(_, id)| id)
}

/// Every (IANA name, Windows id) pair of [`IANA_BY_WINDOWS_ZONE`].
pub fn iana_to_windows() -> impl Iterator<Item = (&'static str, &'static str)> {
    IANA_BY_WINDOWS_ZONE
        .iter()
        .flat_map(|(id, names)| names.split(' ').map(move |name| (name, *id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Minutes east of UTC, read from a label such as "(UTC-03:30) ..." or "(UTC) ...".
    fn label_offset_minutes(label: &str) -> i32 {
        let rest = label
            .strip_prefix("(UTC")
            .unwrap_or_else(|| panic!("label without (UTC prefix: {label}"));
        if rest.starts_with(')') {
            return 0;
        }
        let sign = match rest.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => panic!("bad offset in label: {label}"),
        };
        assert_eq!(rest.as_bytes()[6], b')', "bad offset in label: {label}");
        let hours: i32 = rest[1..3].parse().expect("hours");
        let minutes: i32 = rest[4..6].parse().expect("minutes");
        assert_eq!(&rest[3..4], ":", "bad offset in label: {label}");
        sign * (hours * 60 + minutes)
    }

    #[test]
    fn ids_are_unique_ignoring_case() {
        let mut seen = HashSet::new();
        for zone in WINDOWS_ZONES {
            assert!(
                seen.insert(zone.id.to_ascii_lowercase()),
                "duplicate Windows id: {}",
                zone.id
            );
        }
    }

    #[test]
    fn ids_and_labels_are_well_formed() {
        let mut labels = HashSet::new();
        for zone in WINDOWS_ZONES {
            assert_eq!(zone.id, zone.id.trim(), "untrimmed id: {:?}", zone.id);
            assert!(!zone.id.is_empty());
            assert!(labels.insert(zone.label), "duplicate label: {}", zone.label);
            let offset = label_offset_minutes(zone.label);
            assert!((-12 * 60..=14 * 60).contains(&offset), "{}", zone.label);
        }
    }

    #[test]
    fn zones_are_ordered_by_offset_then_label() {
        for pair in WINDOWS_ZONES.windows(2) {
            let a = (label_offset_minutes(pair[0].label), pair[0].label);
            let b = (label_offset_minutes(pair[1].label), pair[1].label);
            assert!(a < b, "{:?} should come after {:?}", pair[0], pair[1]);
        }
        assert_eq!(WINDOWS_ZONES.first().unwrap().id, "Dateline Standard Time");
        assert_eq!(
            WINDOWS_ZONES.last().unwrap().id,
            "Line Islands Standard Time"
        );
    }

    #[test]
    fn has_the_full_current_list() {
        let current = WINDOWS_ZONES.iter().filter(|zone| !zone.legacy).count();
        assert!(current >= 135, "only {current} non-legacy ids");
        let legacy: HashSet<&str> = WINDOWS_ZONES
            .iter()
            .filter(|zone| zone.legacy)
            .map(|zone| zone.id)
            .collect();
        let expected: HashSet<&str> = [
            "Kamchatka Standard Time",
            "Mid-Atlantic Standard Time",
            "Mexico Standard Time",
            "Mexico Standard Time 2",
        ]
        .into_iter()
        .collect();
        assert_eq!(legacy, expected);
    }

    #[test]
    fn canonical_lookup_ignores_case_and_whitespace() {
        assert_eq!(
            canonical_windows_zone("Eastern Standard Time"),
            Some("Eastern Standard Time")
        );
        assert_eq!(
            canonical_windows_zone("eastern standard time"),
            Some("Eastern Standard Time")
        );
        assert_eq!(
            canonical_windows_zone("  EASTERN STANDARD TIME\t"),
            Some("Eastern Standard Time")
        );
        assert_eq!(
            canonical_windows_zone("aus eastern standard time"),
            Some("AUS Eastern Standard Time")
        );
        assert_eq!(
            canonical_windows_zone("turks and caicos standard time"),
            Some("Turks And Caicos Standard Time")
        );
        assert_eq!(canonical_windows_zone("utc"), Some("UTC"));
        assert_eq!(canonical_windows_zone("utc-11"), Some("UTC-11"));
        assert_eq!(canonical_windows_zone("utc+13"), Some("UTC+13"));
        for zone in WINDOWS_ZONES {
            assert_eq!(canonical_windows_zone(zone.id), Some(zone.id));
            assert_eq!(
                canonical_windows_zone(&zone.id.to_ascii_uppercase()),
                Some(zone.id)
            );
        }
    }

    #[test]
    fn legacy_ids_are_accepted() {
        for id in ["Kamchatka Standard Time", "Mid-Atlantic Standard Time"] {
            assert!(is_windows_zone(id), "{id}");
            assert_eq!(canonical_windows_zone(&id.to_lowercase()), Some(id));
            assert!(windows_zone(id).unwrap().legacy, "{id}");
        }
        assert!(!windows_zone("Eastern Standard Time").unwrap().legacy);
    }

    #[test]
    fn unknown_ids_are_rejected() {
        for id in [
            "Made Up Standard Time",
            "",
            "   ",
            "Eastern",
            "Eastern Standard Time (US)",
            "EasternStandardTime",
            "America/New_York",
            "Armenian Standard Time",
            "UTC-13",
        ] {
            assert!(!is_windows_zone(id), "{id:?} should be rejected");
            assert_eq!(canonical_windows_zone(id), None, "{id:?}");
        }
    }

    #[test]
    fn iana_names_are_well_formed_and_listed_once() {
        let mut seen = HashSet::new();
        for (iana, windows) in iana_to_windows() {
            assert!(
                !iana.is_empty() && !iana.contains(char::is_whitespace),
                "malformed IANA name {iana:?} for {windows}"
            );
            assert!(seen.insert(iana), "{iana} is listed twice");
        }
        assert_eq!(seen.len(), 596);
        let mut ids = HashSet::new();
        for (windows, _) in IANA_BY_WINDOWS_ZONE {
            assert!(ids.insert(*windows), "{windows} has two entries");
        }
    }

    #[test]
    fn iana_map_points_at_current_windows_ids() {
        for (iana, windows) in iana_to_windows() {
            let zone = WINDOWS_ZONES
                .iter()
                .find(|zone| zone.id == windows)
                .unwrap_or_else(|| panic!("{iana} -> unknown Windows id {windows}"));
            assert!(!zone.legacy, "{iana} -> legacy id {windows}");
            assert_eq!(windows_zone_for_iana(iana), Some(windows));
        }
    }

    #[test]
    fn every_current_windows_id_has_an_iana_name() {
        let targets: HashSet<&str> = iana_to_windows().map(|(_, w)| w).collect();
        for zone in WINDOWS_ZONES.iter().filter(|zone| !zone.legacy) {
            assert!(targets.contains(zone.id), "no IANA name for {}", zone.id);
        }
    }

    #[test]
    fn known_iana_pairs() {
        let pairs = [
            ("America/New_York", "Eastern Standard Time"),
            ("America/Los_Angeles", "Pacific Standard Time"),
            ("America/Chicago", "Central Standard Time"),
            ("America/Denver", "Mountain Standard Time"),
            ("America/Phoenix", "US Mountain Standard Time"),
            ("America/Anchorage", "Alaskan Standard Time"),
            ("America/Adak", "Aleutian Standard Time"),
            ("America/Indiana/Indianapolis", "US Eastern Standard Time"),
            ("America/Buenos_Aires", "Argentina Standard Time"),
            ("America/Argentina/Buenos_Aires", "Argentina Standard Time"),
            ("America/Sao_Paulo", "E. South America Standard Time"),
            ("America/Mexico_City", "Central Standard Time (Mexico)"),
            ("America/Toronto", "Eastern Standard Time"),
            ("America/Nuuk", "Greenland Standard Time"),
            ("America/Coyhaique", "Magallanes Standard Time"),
            ("Pacific/Honolulu", "Hawaiian Standard Time"),
            ("Europe/London", "GMT Standard Time"),
            ("Europe/Berlin", "W. Europe Standard Time"),
            ("Europe/Paris", "Romance Standard Time"),
            ("Europe/Kiev", "FLE Standard Time"),
            ("Europe/Kyiv", "FLE Standard Time"),
            ("Europe/Moscow", "Russian Standard Time"),
            ("Asia/Kolkata", "India Standard Time"),
            ("Asia/Calcutta", "India Standard Time"),
            ("Asia/Kathmandu", "Nepal Standard Time"),
            ("Asia/Katmandu", "Nepal Standard Time"),
            ("Asia/Saigon", "SE Asia Standard Time"),
            ("Asia/Ho_Chi_Minh", "SE Asia Standard Time"),
            ("Asia/Rangoon", "Myanmar Standard Time"),
            ("Asia/Yangon", "Myanmar Standard Time"),
            ("Asia/Tokyo", "Tokyo Standard Time"),
            ("Asia/Shanghai", "China Standard Time"),
            ("Asia/Kamchatka", "Russia Time Zone 11"),
            ("Australia/Sydney", "AUS Eastern Standard Time"),
            ("Pacific/Truk", "West Pacific Standard Time"),
            ("Pacific/Chuuk", "West Pacific Standard Time"),
            ("Pacific/Auckland", "New Zealand Standard Time"),
            ("US/Eastern", "Eastern Standard Time"),
            ("US/Pacific", "Pacific Standard Time"),
            ("Etc/UTC", "UTC"),
            ("Etc/GMT", "UTC"),
            ("UTC", "UTC"),
            ("Etc/GMT+12", "Dateline Standard Time"),
            ("Etc/GMT-14", "Line Islands Standard Time"),
        ];
        for (iana, windows) in pairs {
            assert_eq!(windows_zone_for_iana(iana), Some(windows), "{iana}");
        }
    }

    #[test]
    fn iana_lookup_is_exact_case() {
        assert_eq!(windows_zone_for_iana("america/new_york"), None);
        assert_eq!(windows_zone_for_iana("AMERICA/NEW_YORK"), None);
        assert_eq!(windows_zone_for_iana("utc"), None);
        assert_eq!(
            windows_zone_for_iana(" America/New_York "),
            Some("Eastern Standard Time")
        );
        assert_eq!(windows_zone_for_iana(""), None);
        assert_eq!(windows_zone_for_iana("Mars/Olympus_Mons"), None);
        assert_eq!(windows_zone_for_iana("Eastern Standard Time"), None);
        assert_eq!(windows_zone_for_iana("Antarctica/Troll"), None);
    }
}
