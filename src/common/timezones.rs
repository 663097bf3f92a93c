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

/// IANA name -> Windows id, sorted by IANA name (byte order) for binary
/// search. CLDR windowsZones.xml (all territories, "001" first) plus tzdata
/// and CLDR aliases; see the module docs.
pub static IANA_TO_WINDOWS: &[(&str, &str)] = &[
    ("Africa/Abidjan", "Greenwich Standard Time"),
    ("Africa/Accra", "Greenwich Standard Time"),
    ("Africa/Addis_Ababa", "E. Africa Standard Time"),
    ("Africa/Algiers", "W. Central Africa Standard Time"),
    ("Africa/Asmara", "E. Africa Standard Time"),
    ("Africa/Asmera", "E. Africa Standard Time"),
    ("Africa/Bamako", "Greenwich Standard Time"),
    ("Africa/Bangui", "W. Central Africa Standard Time"),
    ("Africa/Banjul", "Greenwich Standard Time"),
    ("Africa/Bissau", "Greenwich Standard Time"),
    ("Africa/Blantyre", "South Africa Standard Time"),
    ("Africa/Brazzaville", "W. Central Africa Standard Time"),
    ("Africa/Bujumbura", "South Africa Standard Time"),
    ("Africa/Cairo", "Egypt Standard Time"),
    ("Africa/Casablanca", "Morocco Standard Time"),
    ("Africa/Ceuta", "Romance Standard Time"),
    ("Africa/Conakry", "Greenwich Standard Time"),
    ("Africa/Dakar", "Greenwich Standard Time"),
    ("Africa/Dar_es_Salaam", "E. Africa Standard Time"),
    ("Africa/Djibouti", "E. Africa Standard Time"),
    ("Africa/Douala", "W. Central Africa Standard Time"),
    ("Africa/El_Aaiun", "Morocco Standard Time"),
    ("Africa/Freetown", "Greenwich Standard Time"),
    ("Africa/Gaborone", "South Africa Standard Time"),
    ("Africa/Harare", "South Africa Standard Time"),
    ("Africa/Johannesburg", "South Africa Standard Time"),
    ("Africa/Juba", "South Sudan Standard Time"),
    ("Africa/Kampala", "E. Africa Standard Time"),
    ("Africa/Khartoum", "Sudan Standard Time"),
    ("Africa/Kigali", "South Africa Standard Time"),
    ("Africa/Kinshasa", "W. Central Africa Standard Time"),
    ("Africa/Lagos", "W. Central Africa Standard Time"),
    ("Africa/Libreville", "W. Central Africa Standard Time"),
    ("Africa/Lome", "Greenwich Standard Time"),
    ("Africa/Luanda", "W. Central Africa Standard Time"),
    ("Africa/Lubumbashi", "South Africa Standard Time"),
    ("Africa/Lusaka", "South Africa Standard Time"),
    ("Africa/Malabo", "W. Central Africa Standard Time"),
    ("Africa/Maputo", "South Africa Standard Time"),
    ("Africa/Maseru", "South Africa Standard Time"),
    ("Africa/Mbabane", "South Africa Standard Time"),
    ("Africa/Mogadishu", "E. Africa Standard Time"),
    ("Africa/Monrovia", "Greenwich Standard Time"),
    ("Africa/Nairobi", "E. Africa Standard Time"),
    ("Africa/Ndjamena", "W. Central Africa Standard Time"),
    ("Africa/Niamey", "W. Central Africa Standard Time"),
    ("Africa/Nouakchott", "Greenwich Standard Time"),
    ("Africa/Ouagadougou", "Greenwich Standard Time"),
    ("Africa/Porto-Novo", "W. Central Africa Standard Time"),
    ("Africa/Sao_Tome", "Sao Tome Standard Time"),
    ("Africa/Timbuktu", "Greenwich Standard Time"),
    ("Africa/Tripoli", "Libya Standard Time"),
    ("Africa/Tunis", "W. Central Africa Standard Time"),
    ("Africa/Windhoek", "Namibia Standard Time"),
    ("America/Adak", "Aleutian Standard Time"),
    ("America/Anchorage", "Alaskan Standard Time"),
    ("America/Anguilla", "SA Western Standard Time"),
    ("America/Antigua", "SA Western Standard Time"),
    ("America/Araguaina", "Tocantins Standard Time"),
    ("America/Argentina/Buenos_Aires", "Argentina Standard Time"),
    ("America/Argentina/Catamarca", "Argentina Standard Time"),
    (
        "America/Argentina/ComodRivadavia",
        "Argentina Standard Time",
    ),
    ("America/Argentina/Cordoba", "Argentina Standard Time"),
    ("America/Argentina/Jujuy", "Argentina Standard Time"),
    ("America/Argentina/La_Rioja", "Argentina Standard Time"),
    ("America/Argentina/Mendoza", "Argentina Standard Time"),
    ("America/Argentina/Rio_Gallegos", "Argentina Standard Time"),
    ("America/Argentina/Salta", "Argentina Standard Time"),
    ("America/Argentina/San_Juan", "Argentina Standard Time"),
    ("America/Argentina/San_Luis", "Argentina Standard Time"),
    ("America/Argentina/Tucuman", "Argentina Standard Time"),
    ("America/Argentina/Ushuaia", "Argentina Standard Time"),
    ("America/Aruba", "SA Western Standard Time"),
    ("America/Asuncion", "Paraguay Standard Time"),
    ("America/Atikokan", "SA Pacific Standard Time"),
    ("America/Atka", "Aleutian Standard Time"),
    ("America/Bahia", "Bahia Standard Time"),
    ("America/Bahia_Banderas", "Central Standard Time (Mexico)"),
    ("America/Barbados", "SA Western Standard Time"),
    ("America/Belem", "SA Eastern Standard Time"),
    ("America/Belize", "Central America Standard Time"),
    ("America/Blanc-Sablon", "SA Western Standard Time"),
    ("America/Boa_Vista", "SA Western Standard Time"),
    ("America/Bogota", "SA Pacific Standard Time"),
    ("America/Boise", "Mountain Standard Time"),
    ("America/Buenos_Aires", "Argentina Standard Time"),
    ("America/Cambridge_Bay", "Mountain Standard Time"),
    ("America/Campo_Grande", "Central Brazilian Standard Time"),
    ("America/Cancun", "Eastern Standard Time (Mexico)"),
    ("America/Caracas", "Venezuela Standard Time"),
    ("America/Catamarca", "Argentina Standard Time"),
    ("America/Cayenne", "SA Eastern Standard Time"),
    ("America/Cayman", "SA Pacific Standard Time"),
    ("America/Chicago", "Central Standard Time"),
    ("America/Chihuahua", "Central Standard Time (Mexico)"),
    ("America/Ciudad_Juarez", "Mountain Standard Time"),
    ("America/Coral_Harbour", "SA Pacific Standard Time"),
    ("America/Cordoba", "Argentina Standard Time"),
    ("America/Costa_Rica", "Central America Standard Time"),
    ("America/Coyhaique", "Magallanes Standard Time"),
    ("America/Creston", "US Mountain Standard Time"),
    ("America/Cuiaba", "Central Brazilian Standard Time"),
    ("America/Curacao", "SA Western Standard Time"),
    ("America/Danmarkshavn", "Greenwich Standard Time"),
    ("America/Dawson", "Yukon Standard Time"),
    ("America/Dawson_Creek", "US Mountain Standard Time"),
    ("America/Denver", "Mountain Standard Time"),
    ("America/Detroit", "Eastern Standard Time"),
    ("America/Dominica", "SA Western Standard Time"),
    ("America/Edmonton", "Mountain Standard Time"),
    ("America/Eirunepe", "SA Pacific Standard Time"),
    ("America/El_Salvador", "Central America Standard Time"),
    ("America/Ensenada", "Pacific Standard Time (Mexico)"),
    ("America/Fort_Nelson", "US Mountain Standard Time"),
    ("America/Fort_Wayne", "US Eastern Standard Time"),
    ("America/Fortaleza", "SA Eastern Standard Time"),
    ("America/Glace_Bay", "Atlantic Standard Time"),
    ("America/Godthab", "Greenland Standard Time"),
    ("America/Goose_Bay", "Atlantic Standard Time"),
    ("America/Grand_Turk", "Turks And Caicos Standard Time"),
    ("America/Grenada", "SA Western Standard Time"),
    ("America/Guadeloupe", "SA Western Standard Time"),
    ("America/Guatemala", "Central America Standard Time"),
    ("America/Guayaquil", "SA Pacific Standard Time"),
    ("America/Guyana", "SA Western Standard Time"),
    ("America/Halifax", "Atlantic Standard Time"),
    ("America/Havana", "Cuba Standard Time"),
    ("America/Hermosillo", "US Mountain Standard Time"),
    ("America/Indiana/Indianapolis", "US Eastern Standard Time"),
    ("America/Indiana/Knox", "Central Standard Time"),
    ("America/Indiana/Marengo", "US Eastern Standard Time"),
    ("America/Indiana/Petersburg", "Eastern Standard Time"),
    ("America/Indiana/Tell_City", "Central Standard Time"),
    ("America/Indiana/Vevay", "US Eastern Standard Time"),
    ("America/Indiana/Vincennes", "Eastern Standard Time"),
    ("America/Indiana/Winamac", "Eastern Standard Time"),
    ("America/Indianapolis", "US Eastern Standard Time"),
    ("America/Inuvik", "Mountain Standard Time"),
    ("America/Iqaluit", "Eastern Standard Time"),
    ("America/Jamaica", "SA Pacific Standard Time"),
    ("America/Jujuy", "Argentina Standard Time"),
    ("America/Juneau", "Alaskan Standard Time"),
    ("America/Kentucky/Louisville", "Eastern Standard Time"),
    ("America/Kentucky/Monticello", "Eastern Standard Time"),
    ("America/Knox_IN", "Central Standard Time"),
    ("America/Kralendijk", "SA Western Standard Time"),
    ("America/La_Paz", "SA Western Standard Time"),
    ("America/Lima", "SA Pacific Standard Time"),
    ("America/Los_Angeles", "Pacific Standard Time"),
    ("America/Louisville", "Eastern Standard Time"),
    ("America/Lower_Princes", "SA Western Standard Time"),
    ("America/Maceio", "SA Eastern Standard Time"),
    ("America/Managua", "Central America Standard Time"),
    ("America/Manaus", "SA Western Standard Time"),
    ("America/Marigot", "SA Western Standard Time"),
    ("America/Martinique", "SA Western Standard Time"),
    ("America/Matamoros", "Central Standard Time"),
    ("America/Mazatlan", "Mountain Standard Time (Mexico)"),
    ("America/Mendoza", "Argentina Standard Time"),
    ("America/Menominee", "Central Standard Time"),
    ("America/Merida", "Central Standard Time (Mexico)"),
    ("America/Metlakatla", "Alaskan Standard Time"),
    ("America/Mexico_City", "Central Standard Time (Mexico)"),
    ("America/Miquelon", "Saint Pierre Standard Time"),
    ("America/Moncton", "Atlantic Standard Time"),
    ("America/Monterrey", "Central Standard Time (Mexico)"),
    ("America/Montevideo", "Montevideo Standard Time"),
    ("America/Montreal", "Eastern Standard Time"),
    ("America/Montserrat", "SA Western Standard Time"),
    ("America/Nassau", "Eastern Standard Time"),
    ("America/New_York", "Eastern Standard Time"),
    ("America/Nipigon", "Eastern Standard Time"),
    ("America/Nome", "Alaskan Standard Time"),
    ("America/Noronha", "UTC-02"),
    ("America/North_Dakota/Beulah", "Central Standard Time"),
    ("America/North_Dakota/Center", "Central Standard Time"),
    ("America/North_Dakota/New_Salem", "Central Standard Time"),
    ("America/Nuuk", "Greenland Standard Time"),
    ("America/Ojinaga", "Central Standard Time"),
    ("America/Panama", "SA Pacific Standard Time"),
    ("America/Pangnirtung", "Eastern Standard Time"),
    ("America/Paramaribo", "SA Eastern Standard Time"),
    ("America/Phoenix", "US Mountain Standard Time"),
    ("America/Port-au-Prince", "Haiti Standard Time"),
    ("America/Port_of_Spain", "SA Western Standard Time"),
    ("America/Porto_Acre", "SA Pacific Standard Time"),
    ("America/Porto_Velho", "SA Western Standard Time"),
    ("America/Puerto_Rico", "SA Western Standard Time"),
    ("America/Punta_Arenas", "Magallanes Standard Time"),
    ("America/Rainy_River", "Central Standard Time"),
    ("America/Rankin_Inlet", "Central Standard Time"),
    ("America/Recife", "SA Eastern Standard Time"),
    ("America/Regina", "Canada Central Standard Time"),
    ("America/Resolute", "Central Standard Time"),
    ("America/Rio_Branco", "SA Pacific Standard Time"),
    ("America/Rosario", "Argentina Standard Time"),
    ("America/Santa_Isabel", "Pacific Standard Time (Mexico)"),
    ("America/Santarem", "SA Eastern Standard Time"),
    ("America/Santiago", "Pacific SA Standard Time"),
    ("America/Santo_Domingo", "SA Western Standard Time"),
    ("America/Sao_Paulo", "E. South America Standard Time"),
    ("America/Scoresbysund", "Azores Standard Time"),
    ("America/Shiprock", "Mountain Standard Time"),
    ("America/Sitka", "Alaskan Standard Time"),
    ("America/St_Barthelemy", "SA Western Standard Time"),
    ("America/St_Johns", "Newfoundland Standard Time"),
    ("America/St_Kitts", "SA Western Standard Time"),
    ("America/St_Lucia", "SA Western Standard Time"),
    ("America/St_Thomas", "SA Western Standard Time"),
    ("America/St_Vincent", "SA Western Standard Time"),
    ("America/Swift_Current", "Canada Central Standard Time"),
    ("America/Tegucigalpa", "Central America Standard Time"),
    ("America/Thule", "Atlantic Standard Time"),
    ("America/Thunder_Bay", "Eastern Standard Time"),
    ("America/Tijuana", "Pacific Standard Time (Mexico)"),
    ("America/Toronto", "Eastern Standard Time"),
    ("America/Tortola", "SA Western Standard Time"),
    ("America/Vancouver", "Pacific Standard Time"),
    ("America/Virgin", "SA Western Standard Time"),
    ("America/Whitehorse", "Yukon Standard Time"),
    ("America/Winnipeg", "Central Standard Time"),
    ("America/Yakutat", "Alaskan Standard Time"),
    ("America/Yellowknife", "Mountain Standard Time"),
    ("Antarctica/Casey", "Central Pacific Standard Time"),
    ("Antarctica/Davis", "SE Asia Standard Time"),
    ("Antarctica/DumontDUrville", "West Pacific Standard Time"),
    ("Antarctica/Macquarie", "Tasmania Standard Time"),
    ("Antarctica/Mawson", "West Asia Standard Time"),
    ("Antarctica/McMurdo", "New Zealand Standard Time"),
    ("Antarctica/Palmer", "SA Eastern Standard Time"),
    ("Antarctica/Rothera", "SA Eastern Standard Time"),
    ("Antarctica/South_Pole", "New Zealand Standard Time"),
    ("Antarctica/Syowa", "E. Africa Standard Time"),
    ("Antarctica/Vostok", "Central Asia Standard Time"),
    ("Arctic/Longyearbyen", "W. Europe Standard Time"),
    ("Asia/Aden", "Arab Standard Time"),
    ("Asia/Almaty", "West Asia Standard Time"),
    ("Asia/Amman", "Jordan Standard Time"),
    ("Asia/Anadyr", "Russia Time Zone 11"),
    ("Asia/Aqtau", "West Asia Standard Time"),
    ("Asia/Aqtobe", "West Asia Standard Time"),
    ("Asia/Ashgabat", "West Asia Standard Time"),
    ("Asia/Ashkhabad", "West Asia Standard Time"),
    ("Asia/Atyrau", "West Asia Standard Time"),
    ("Asia/Baghdad", "Arabic Standard Time"),
    ("Asia/Bahrain", "Arab Standard Time"),
    ("Asia/Baku", "Azerbaijan Standard Time"),
    ("Asia/Bangkok", "SE Asia Standard Time"),
    ("Asia/Barnaul", "Altai Standard Time"),
    ("Asia/Beirut", "Middle East Standard Time"),
    ("Asia/Bishkek", "Central Asia Standard Time"),
    ("Asia/Brunei", "Singapore Standard Time"),
    ("Asia/Calcutta", "India Standard Time"),
    ("Asia/Chita", "Transbaikal Standard Time"),
    ("Asia/Choibalsan", "Ulaanbaatar Standard Time"),
    ("Asia/Chongqing", "China Standard Time"),
    ("Asia/Chungking", "China Standard Time"),
    ("Asia/Colombo", "Sri Lanka Standard Time"),
    ("Asia/Dacca", "Bangladesh Standard Time"),
    ("Asia/Damascus", "Syria Standard Time"),
    ("Asia/Dhaka", "Bangladesh Standard Time"),
    ("Asia/Dili", "Tokyo Standard Time"),
    ("Asia/Dubai", "Arabian Standard Time"),
    ("Asia/Dushanbe", "West Asia Standard Time"),
    ("Asia/Famagusta", "GTB Standard Time"),
    ("Asia/Gaza", "West Bank Standard Time"),
    ("Asia/Harbin", "China Standard Time"),
    ("Asia/Hebron", "West Bank Standard Time"),
    ("Asia/Ho_Chi_Minh", "SE Asia Standard Time"),
    ("Asia/Hong_Kong", "China Standard Time"),
    ("Asia/Hovd", "W. Mongolia Standard Time"),
    ("Asia/Irkutsk", "North Asia East Standard Time"),
    ("Asia/Istanbul", "Turkey Standard Time"),
    ("Asia/Jakarta", "SE Asia Standard Time"),
    ("Asia/Jayapura", "Tokyo Standard Time"),
    ("Asia/Jerusalem", "Israel Standard Time"),
    ("Asia/Kabul", "Afghanistan Standard Time"),
    ("Asia/Kamchatka", "Russia Time Zone 11"),
    ("Asia/Karachi", "Pakistan Standard Time"),
    ("Asia/Kashgar", "Central Asia Standard Time"),
    ("Asia/Kathmandu", "Nepal Standard Time"),
    ("Asia/Katmandu", "Nepal Standard Time"),
    ("Asia/Khandyga", "Yakutsk Standard Time"),
    ("Asia/Kolkata", "India Standard Time"),
    ("Asia/Krasnoyarsk", "North Asia Standard Time"),
    ("Asia/Kuala_Lumpur", "Singapore Standard Time"),
    ("Asia/Kuching", "Singapore Standard Time"),
    ("Asia/Kuwait", "Arab Standard Time"),
    ("Asia/Macao", "China Standard Time"),
    ("Asia/Macau", "China Standard Time"),
    ("Asia/Magadan", "Magadan Standard Time"),
    ("Asia/Makassar", "Singapore Standard Time"),
    ("Asia/Manila", "Singapore Standard Time"),
    ("Asia/Muscat", "Arabian Standard Time"),
    ("Asia/Nicosia", "GTB Standard Time"),
    ("Asia/Novokuznetsk", "North Asia Standard Time"),
    ("Asia/Novosibirsk", "N. Central Asia Standard Time"),
    ("Asia/Omsk", "Omsk Standard Time"),
    ("Asia/Oral", "West Asia Standard Time"),
    ("Asia/Phnom_Penh", "SE Asia Standard Time"),
    ("Asia/Pontianak", "SE Asia Standard Time"),
    ("Asia/Pyongyang", "North Korea Standard Time"),
    ("Asia/Qatar", "Arab Standard Time"),
    ("Asia/Qostanay", "West Asia Standard Time"),
    ("Asia/Qyzylorda", "Qyzylorda Standard Time"),
    ("Asia/Rangoon", "Myanmar Standard Time"),
    ("Asia/Riyadh", "Arab Standard Time"),
    ("Asia/Saigon", "SE Asia Standard Time"),
    ("Asia/Sakhalin", "Sakhalin Standard Time"),
    ("Asia/Samarkand", "West Asia Standard Time"),
    ("Asia/Seoul", "Korea Standard Time"),
    ("Asia/Shanghai", "China Standard Time"),
    ("Asia/Singapore", "Singapore Standard Time"),
    ("Asia/Srednekolymsk", "Russia Time Zone 10"),
    ("Asia/Taipei", "Taipei Standard Time"),
    ("Asia/Tashkent", "West Asia Standard Time"),
    ("Asia/Tbilisi", "Georgian Standard Time"),
    ("Asia/Tehran", "Iran Standard Time"),
    ("Asia/Tel_Aviv", "Israel Standard Time"),
    ("Asia/Thimbu", "Bangladesh Standard Time"),
    ("Asia/Thimphu", "Bangladesh Standard Time"),
    ("Asia/Tokyo", "Tokyo Standard Time"),
    ("Asia/Tomsk", "Tomsk Standard Time"),
    ("Asia/Ujung_Pandang", "Singapore Standard Time"),
    ("Asia/Ulaanbaatar", "Ulaanbaatar Standard Time"),
    ("Asia/Ulan_Bator", "Ulaanbaatar Standard Time"),
    ("Asia/Urumqi", "Central Asia Standard Time"),
    ("Asia/Ust-Nera", "Vladivostok Standard Time"),
    ("Asia/Vientiane", "SE Asia Standard Time"),
    ("Asia/Vladivostok", "Vladivostok Standard Time"),
    ("Asia/Yakutsk", "Yakutsk Standard Time"),
    ("Asia/Yangon", "Myanmar Standard Time"),
    ("Asia/Yekaterinburg", "Ekaterinburg Standard Time"),
    ("Asia/Yerevan", "Caucasus Standard Time"),
    ("Atlantic/Azores", "Azores Standard Time"),
    ("Atlantic/Bermuda", "Atlantic Standard Time"),
    ("Atlantic/Canary", "GMT Standard Time"),
    ("Atlantic/Cape_Verde", "Cape Verde Standard Time"),
    ("Atlantic/Faeroe", "GMT Standard Time"),
    ("Atlantic/Faroe", "GMT Standard Time"),
    ("Atlantic/Jan_Mayen", "W. Europe Standard Time"),
    ("Atlantic/Madeira", "GMT Standard Time"),
    ("Atlantic/Reykjavik", "Greenwich Standard Time"),
    ("Atlantic/South_Georgia", "UTC-02"),
    ("Atlantic/St_Helena", "Greenwich Standard Time"),
    ("Atlantic/Stanley", "SA Eastern Standard Time"),
    ("Australia/ACT", "AUS Eastern Standard Time"),
    ("Australia/Adelaide", "Cen. Australia Standard Time"),
    ("Australia/Brisbane", "E. Australia Standard Time"),
    ("Australia/Broken_Hill", "Cen. Australia Standard Time"),
    ("Australia/Canberra", "AUS Eastern Standard Time"),
    ("Australia/Currie", "Tasmania Standard Time"),
    ("Australia/Darwin", "AUS Central Standard Time"),
    ("Australia/Eucla", "Aus Central W. Standard Time"),
    ("Australia/Hobart", "Tasmania Standard Time"),
    ("Australia/LHI", "Lord Howe Standard Time"),
    ("Australia/Lindeman", "E. Australia Standard Time"),
    ("Australia/Lord_Howe", "Lord Howe Standard Time"),
    ("Australia/Melbourne", "AUS Eastern Standard Time"),
    ("Australia/NSW", "AUS Eastern Standard Time"),
    ("Australia/North", "AUS Central Standard Time"),
    ("Australia/Perth", "W. Australia Standard Time"),
    ("Australia/Queensland", "E. Australia Standard Time"),
    ("Australia/South", "Cen. Australia Standard Time"),
    ("Australia/Sydney", "AUS Eastern Standard Time"),
    ("Australia/Tasmania", "Tasmania Standard Time"),
    ("Australia/Victoria", "AUS Eastern Standard Time"),
    ("Australia/West", "W. Australia Standard Time"),
    ("Australia/Yancowinna", "Cen. Australia Standard Time"),
    ("Brazil/Acre", "SA Pacific Standard Time"),
    ("Brazil/DeNoronha", "UTC-02"),
    ("Brazil/East", "E. South America Standard Time"),
    ("Brazil/West", "SA Western Standard Time"),
    ("CET", "Romance Standard Time"),
    ("CST6CDT", "Central Standard Time"),
    ("Canada/Atlantic", "Atlantic Standard Time"),
    ("Canada/Central", "Central Standard Time"),
    ("Canada/Eastern", "Eastern Standard Time"),
    ("Canada/Mountain", "Mountain Standard Time"),
    ("Canada/Newfoundland", "Newfoundland Standard Time"),
    ("Canada/Pacific", "Pacific Standard Time"),
    ("Canada/Saskatchewan", "Canada Central Standard Time"),
    ("Canada/Yukon", "Yukon Standard Time"),
    ("Chile/Continental", "Pacific SA Standard Time"),
    ("Chile/EasterIsland", "Easter Island Standard Time"),
    ("Cuba", "Cuba Standard Time"),
    ("EET", "GTB Standard Time"),
    ("EST", "SA Pacific Standard Time"),
    ("EST5EDT", "Eastern Standard Time"),
    ("Egypt", "Egypt Standard Time"),
    ("Eire", "GMT Standard Time"),
    ("Etc/GMT", "UTC"),
    ("Etc/GMT+0", "UTC"),
    ("Etc/GMT+1", "Cape Verde Standard Time"),
    ("Etc/GMT+10", "Hawaiian Standard Time"),
    ("Etc/GMT+11", "UTC-11"),
    ("Etc/GMT+12", "Dateline Standard Time"),
    ("Etc/GMT+2", "UTC-02"),
    ("Etc/GMT+3", "SA Eastern Standard Time"),
    ("Etc/GMT+4", "SA Western Standard Time"),
    ("Etc/GMT+5", "SA Pacific Standard Time"),
    ("Etc/GMT+6", "Central America Standard Time"),
    ("Etc/GMT+7", "US Mountain Standard Time"),
    ("Etc/GMT+8", "UTC-08"),
    ("Etc/GMT+9", "UTC-09"),
    ("Etc/GMT-0", "UTC"),
    ("Etc/GMT-1", "W. Central Africa Standard Time"),
    ("Etc/GMT-10", "West Pacific Standard Time"),
    ("Etc/GMT-11", "Central Pacific Standard Time"),
    ("Etc/GMT-12", "UTC+12"),
    ("Etc/GMT-13", "UTC+13"),
    ("Etc/GMT-14", "Line Islands Standard Time"),
    ("Etc/GMT-2", "South Africa Standard Time"),
    ("Etc/GMT-3", "E. Africa Standard Time"),
    ("Etc/GMT-4", "Arabian Standard Time"),
    ("Etc/GMT-5", "West Asia Standard Time"),
    ("Etc/GMT-6", "Central Asia Standard Time"),
    ("Etc/GMT-7", "SE Asia Standard Time"),
    ("Etc/GMT-8", "Singapore Standard Time"),
    ("Etc/GMT-9", "Tokyo Standard Time"),
    ("Etc/GMT0", "UTC"),
    ("Etc/Greenwich", "UTC"),
    ("Etc/UCT", "UTC"),
    ("Etc/UTC", "UTC"),
    ("Etc/Universal", "UTC"),
    ("Etc/Zulu", "UTC"),
    ("Europe/Amsterdam", "W. Europe Standard Time"),
    ("Europe/Andorra", "W. Europe Standard Time"),
    ("Europe/Astrakhan", "Astrakhan Standard Time"),
    ("Europe/Athens", "GTB Standard Time"),
    ("Europe/Belfast", "GMT Standard Time"),
    ("Europe/Belgrade", "Central Europe Standard Time"),
    ("Europe/Berlin", "W. Europe Standard Time"),
    ("Europe/Bratislava", "Central Europe Standard Time"),
    ("Europe/Brussels", "Romance Standard Time"),
    ("Europe/Bucharest", "GTB Standard Time"),
    ("Europe/Budapest", "Central Europe Standard Time"),
    ("Europe/Busingen", "W. Europe Standard Time"),
    ("Europe/Chisinau", "E. Europe Standard Time"),
    ("Europe/Copenhagen", "Romance Standard Time"),
    ("Europe/Dublin", "GMT Standard Time"),
    ("Europe/Gibraltar", "W. Europe Standard Time"),
    ("Europe/Guernsey", "GMT Standard Time"),
    ("Europe/Helsinki", "FLE Standard Time"),
    ("Europe/Isle_of_Man", "GMT Standard Time"),
    ("Europe/Istanbul", "Turkey Standard Time"),
    ("Europe/Jersey", "GMT Standard Time"),
    ("Europe/Kaliningrad", "Kaliningrad Standard Time"),
    ("Europe/Kiev", "FLE Standard Time"),
    ("Europe/Kirov", "Russian Standard Time"),
    ("Europe/Kyiv", "FLE Standard Time"),
    ("Europe/Lisbon", "GMT Standard Time"),
    ("Europe/Ljubljana", "Central Europe Standard Time"),
    ("Europe/London", "GMT Standard Time"),
    ("Europe/Luxembourg", "W. Europe Standard Time"),
    ("Europe/Madrid", "Romance Standard Time"),
    ("Europe/Malta", "W. Europe Standard Time"),
    ("Europe/Mariehamn", "FLE Standard Time"),
    ("Europe/Minsk", "Belarus Standard Time"),
    ("Europe/Monaco", "W. Europe Standard Time"),
    ("Europe/Moscow", "Russian Standard Time"),
    ("Europe/Nicosia", "GTB Standard Time"),
    ("Europe/Oslo", "W. Europe Standard Time"),
    ("Europe/Paris", "Romance Standard Time"),
    ("Europe/Podgorica", "Central Europe Standard Time"),
    ("Europe/Prague", "Central Europe Standard Time"),
    ("Europe/Riga", "FLE Standard Time"),
    ("Europe/Rome", "W. Europe Standard Time"),
    ("Europe/Samara", "Russia Time Zone 3"),
    ("Europe/San_Marino", "W. Europe Standard Time"),
    ("Europe/Sarajevo", "Central European Standard Time"),
    ("Europe/Saratov", "Saratov Standard Time"),
    ("Europe/Simferopol", "Russian Standard Time"),
    ("Europe/Skopje", "Central European Standard Time"),
    ("Europe/Sofia", "FLE Standard Time"),
    ("Europe/Stockholm", "W. Europe Standard Time"),
    ("Europe/Tallinn", "FLE Standard Time"),
    ("Europe/Tirane", "Central Europe Standard Time"),
    ("Europe/Tiraspol", "E. Europe Standard Time"),
    ("Europe/Ulyanovsk", "Astrakhan Standard Time"),
    ("Europe/Uzhgorod", "FLE Standard Time"),
    ("Europe/Vaduz", "W. Europe Standard Time"),
    ("Europe/Vatican", "W. Europe Standard Time"),
    ("Europe/Vienna", "W. Europe Standard Time"),
    ("Europe/Vilnius", "FLE Standard Time"),
    ("Europe/Volgograd", "Volgograd Standard Time"),
    ("Europe/Warsaw", "Central European Standard Time"),
    ("Europe/Zagreb", "Central European Standard Time"),
    ("Europe/Zaporozhye", "FLE Standard Time"),
    ("Europe/Zurich", "W. Europe Standard Time"),
    ("GB", "GMT Standard Time"),
    ("GB-Eire", "GMT Standard Time"),
    ("GMT", "UTC"),
    ("GMT+0", "UTC"),
    ("GMT-0", "UTC"),
    ("GMT0", "UTC"),
    ("Greenwich", "UTC"),
    ("HST", "Hawaiian Standard Time"),
    ("Hongkong", "China Standard Time"),
    ("Iceland", "Greenwich Standard Time"),
    ("Indian/Antananarivo", "E. Africa Standard Time"),
    ("Indian/Chagos", "Central Asia Standard Time"),
    ("Indian/Christmas", "SE Asia Standard Time"),
    ("Indian/Cocos", "Myanmar Standard Time"),
    ("Indian/Comoro", "E. Africa Standard Time"),
    ("Indian/Kerguelen", "West Asia Standard Time"),
    ("Indian/Mahe", "Mauritius Standard Time"),
    ("Indian/Maldives", "West Asia Standard Time"),
    ("Indian/Mauritius", "Mauritius Standard Time"),
    ("Indian/Mayotte", "E. Africa Standard Time"),
    ("Indian/Reunion", "Mauritius Standard Time"),
    ("Iran", "Iran Standard Time"),
    ("Israel", "Israel Standard Time"),
    ("Jamaica", "SA Pacific Standard Time"),
    ("Japan", "Tokyo Standard Time"),
    ("Kwajalein", "UTC+12"),
    ("Libya", "Libya Standard Time"),
    ("MET", "Romance Standard Time"),
    ("MST", "US Mountain Standard Time"),
    ("MST7MDT", "Mountain Standard Time"),
    ("Mexico/BajaNorte", "Pacific Standard Time (Mexico)"),
    ("Mexico/BajaSur", "Mountain Standard Time (Mexico)"),
    ("Mexico/General", "Central Standard Time (Mexico)"),
    ("NZ", "New Zealand Standard Time"),
    ("NZ-CHAT", "Chatham Islands Standard Time"),
    ("Navajo", "Mountain Standard Time"),
    ("PRC", "China Standard Time"),
    ("PST8PDT", "Pacific Standard Time"),
    ("Pacific/Apia", "Samoa Standard Time"),
    ("Pacific/Auckland", "New Zealand Standard Time"),
    ("Pacific/Bougainville", "Bougainville Standard Time"),
    ("Pacific/Chatham", "Chatham Islands Standard Time"),
    ("Pacific/Chuuk", "West Pacific Standard Time"),
    ("Pacific/Easter", "Easter Island Standard Time"),
    ("Pacific/Efate", "Central Pacific Standard Time"),
    ("Pacific/Enderbury", "UTC+13"),
    ("Pacific/Fakaofo", "UTC+13"),
    ("Pacific/Fiji", "Fiji Standard Time"),
    ("Pacific/Funafuti", "UTC+12"),
    ("Pacific/Galapagos", "Central America Standard Time"),
    ("Pacific/Gambier", "UTC-09"),
    ("Pacific/Guadalcanal", "Central Pacific Standard Time"),
    ("Pacific/Guam", "West Pacific Standard Time"),
    ("Pacific/Honolulu", "Hawaiian Standard Time"),
    ("Pacific/Johnston", "Hawaiian Standard Time"),
    ("Pacific/Kanton", "UTC+13"),
    ("Pacific/Kiritimati", "Line Islands Standard Time"),
    ("Pacific/Kosrae", "Central Pacific Standard Time"),
    ("Pacific/Kwajalein", "UTC+12"),
    ("Pacific/Majuro", "UTC+12"),
    ("Pacific/Marquesas", "Marquesas Standard Time"),
    ("Pacific/Midway", "UTC-11"),
    ("Pacific/Nauru", "UTC+12"),
    ("Pacific/Niue", "UTC-11"),
    ("Pacific/Norfolk", "Norfolk Standard Time"),
    ("Pacific/Noumea", "Central Pacific Standard Time"),
    ("Pacific/Pago_Pago", "UTC-11"),
    ("Pacific/Palau", "Tokyo Standard Time"),
    ("Pacific/Pitcairn", "UTC-08"),
    ("Pacific/Pohnpei", "Central Pacific Standard Time"),
    ("Pacific/Ponape", "Central Pacific Standard Time"),
    ("Pacific/Port_Moresby", "West Pacific Standard Time"),
    ("Pacific/Rarotonga", "Hawaiian Standard Time"),
    ("Pacific/Saipan", "West Pacific Standard Time"),
    ("Pacific/Samoa", "UTC-11"),
    ("Pacific/Tahiti", "Hawaiian Standard Time"),
    ("Pacific/Tarawa", "UTC+12"),
    ("Pacific/Tongatapu", "Tonga Standard Time"),
    ("Pacific/Truk", "West Pacific Standard Time"),
    ("Pacific/Wake", "UTC+12"),
    ("Pacific/Wallis", "UTC+12"),
    ("Pacific/Yap", "West Pacific Standard Time"),
    ("Poland", "Central European Standard Time"),
    ("Portugal", "GMT Standard Time"),
    ("ROC", "Taipei Standard Time"),
    ("ROK", "Korea Standard Time"),
    ("Singapore", "Singapore Standard Time"),
    ("Turkey", "Turkey Standard Time"),
    ("UCT", "UTC"),
    ("US/Alaska", "Alaskan Standard Time"),
    ("US/Aleutian", "Aleutian Standard Time"),
    ("US/Arizona", "US Mountain Standard Time"),
    ("US/Central", "Central Standard Time"),
    ("US/East-Indiana", "US Eastern Standard Time"),
    ("US/Eastern", "Eastern Standard Time"),
    ("US/Hawaii", "Hawaiian Standard Time"),
    ("US/Indiana-Starke", "Central Standard Time"),
    ("US/Michigan", "Eastern Standard Time"),
    ("US/Mountain", "Mountain Standard Time"),
    ("US/Pacific", "Pacific Standard Time"),
    ("US/Samoa", "UTC-11"),
    ("UTC", "UTC"),
    ("Universal", "UTC"),
    ("W-SU", "Russian Standard Time"),
    ("WET", "GMT Standard Time"),
    ("Zulu", "UTC"),
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
    IANA_TO_WINDOWS
        .binary_search_by(|(name, _)| (*name).cmp(iana))
        .ok()
        .map(|index| IANA_TO_WINDOWS[index].1)
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
    fn iana_map_is_sorted_and_unique() {
        for pair in IANA_TO_WINDOWS.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "IANA_TO_WINDOWS not strictly sorted at {:?} / {:?}",
                pair[0].0,
                pair[1].0
            );
        }
    }

    #[test]
    fn iana_map_points_at_current_windows_ids() {
        for (iana, windows) in IANA_TO_WINDOWS {
            let zone = WINDOWS_ZONES
                .iter()
                .find(|zone| zone.id == *windows)
                .unwrap_or_else(|| panic!("{iana} -> unknown Windows id {windows}"));
            assert!(!zone.legacy, "{iana} -> legacy id {windows}");
            assert_eq!(windows_zone_for_iana(iana), Some(*windows));
        }
    }

    #[test]
    fn every_current_windows_id_has_an_iana_name() {
        let targets: HashSet<&str> = IANA_TO_WINDOWS.iter().map(|(_, w)| *w).collect();
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
