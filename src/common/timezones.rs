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
    /// `true` for ids CLDR no longer lists (older systems accepted them);
    /// no IANA name maps to them.
    pub legacy: bool,
    /// The IANA names that map to this zone, space-separated; empty for a
    /// legacy id.
    pub iana: &'static str,
}

/// Every known Windows time zone, one line each: the id, a tab, the
/// English label, a tab, then the IANA names that map to it, space-separated
/// (CLDR windowsZones.xml, all territories, "001" first, plus tzdata and CLDR
/// aliases; see the module docs). A legacy id has no IANA names. The order
/// is the one Windows uses: by the UTC offset in the label, then by label.
///
/// One text rather than tables of `&str`: the widget ships it, and the
/// tables' pointers and lengths (5 KB) compressed worse than the text.
/// Measured on the release bundle: widget_bg.wasm 3,650 B smaller raw,
/// 1,778 B gzip, 845 B brotli.
static ZONES: &str = concat!(
    "Dateline Standard Time\t(UTC-12:00) International Date Line West\tEtc/GMT+12\n",
    "UTC-11\t(UTC-11:00) Coordinated Universal Time-11\tEtc/GMT+11 Pacific/Midway Pacific/Niue \
     Pacific/Pago_Pago Pacific/Samoa US/Samoa\n",
    "Aleutian Standard Time\t(UTC-10:00) Aleutian Islands\tAmerica/Adak America/Atka \
     US/Aleutian\n",
    "Hawaiian Standard Time\t(UTC-10:00) Hawaii\tEtc/GMT+10 HST Pacific/Honolulu \
     Pacific/Johnston Pacific/Rarotonga Pacific/Tahiti US/Hawaii\n",
    "Marquesas Standard Time\t(UTC-09:30) Marquesas Islands\tPacific/Marquesas\n",
    "Alaskan Standard Time\t(UTC-09:00) Alaska\tAmerica/Anchorage America/Juneau \
     America/Metlakatla America/Nome America/Sitka America/Yakutat US/Alaska\n",
    "UTC-09\t(UTC-09:00) Coordinated Universal Time-09\tEtc/GMT+9 Pacific/Gambier\n",
    "Pacific Standard Time (Mexico)\t(UTC-08:00) Baja California\tAmerica/Ensenada \
     America/Santa_Isabel America/Tijuana Mexico/BajaNorte\n",
    "UTC-08\t(UTC-08:00) Coordinated Universal Time-08\tEtc/GMT+8 Pacific/Pitcairn\n",
    "Pacific Standard Time\t(UTC-08:00) Pacific Time (US & Canada)\tAmerica/Los_Angeles \
     America/Vancouver Canada/Pacific PST8PDT US/Pacific\n",
    "US Mountain Standard Time\t(UTC-07:00) Arizona\tAmerica/Creston America/Dawson_Creek \
     America/Fort_Nelson America/Hermosillo America/Phoenix Etc/GMT+7 MST US/Arizona\n",
    "Mexico Standard Time 2\t(UTC-07:00) Chihuahua, La Paz, Mazatlan - Old\t\n",
    "Mountain Standard Time (Mexico)\t(UTC-07:00) La Paz, Mazatlan\tAmerica/Mazatlan \
     Mexico/BajaSur\n",
    "Mountain Standard Time\t(UTC-07:00) Mountain Time (US & Canada)\tAmerica/Boise \
     America/Cambridge_Bay America/Ciudad_Juarez America/Denver America/Edmonton \
     America/Inuvik America/Shiprock America/Yellowknife Canada/Mountain MST7MDT Navajo \
     US/Mountain\n",
    "Yukon Standard Time\t(UTC-07:00) Yukon\tAmerica/Dawson America/Whitehorse Canada/Yukon\n",
    "Central America Standard Time\t(UTC-06:00) Central America\tAmerica/Belize \
     America/Costa_Rica America/El_Salvador America/Guatemala America/Managua \
     America/Tegucigalpa Etc/GMT+6 Pacific/Galapagos\n",
    "Central Standard Time\t(UTC-06:00) Central Time (US & Canada)\tAmerica/Chicago \
     America/Indiana/Knox America/Indiana/Tell_City America/Knox_IN America/Matamoros \
     America/Menominee America/North_Dakota/Beulah America/North_Dakota/Center \
     America/North_Dakota/New_Salem America/Ojinaga America/Rainy_River America/Rankin_Inlet \
     America/Resolute America/Winnipeg CST6CDT Canada/Central US/Central US/Indiana-Starke\n",
    "Easter Island Standard Time\t(UTC-06:00) Easter Island\tChile/EasterIsland Pacific/Easter\n",
    "Central Standard Time (Mexico)\t(UTC-06:00) Guadalajara, Mexico City, Monterrey\t\
     America/Bahia_Banderas America/Chihuahua America/Merida America/Mexico_City \
     America/Monterrey Mexico/General\n",
    "Mexico Standard Time\t(UTC-06:00) Guadalajara, Mexico City, Monterrey - Old\t\n",
    "Canada Central Standard Time\t(UTC-06:00) Saskatchewan\tAmerica/Regina \
     America/Swift_Current Canada/Saskatchewan\n",
    "SA Pacific Standard Time\t(UTC-05:00) Bogota, Lima, Quito, Rio Branco\tAmerica/Atikokan \
     America/Bogota America/Cayman America/Coral_Harbour America/Eirunepe America/Guayaquil \
     America/Jamaica America/Lima America/Panama America/Porto_Acre America/Rio_Branco \
     Brazil/Acre EST Etc/GMT+5 Jamaica\n",
    "Eastern Standard Time (Mexico)\t(UTC-05:00) Chetumal\tAmerica/Cancun\n",
    "Eastern Standard Time\t(UTC-05:00) Eastern Time (US & Canada)\tAmerica/Detroit \
     America/Indiana/Petersburg America/Indiana/Vincennes America/Indiana/Winamac \
     America/Iqaluit America/Kentucky/Louisville America/Kentucky/Monticello \
     America/Louisville America/Montreal America/Nassau America/New_York America/Nipigon \
     America/Pangnirtung America/Thunder_Bay America/Toronto Canada/Eastern EST5EDT US/Eastern \
     US/Michigan\n",
    "Haiti Standard Time\t(UTC-05:00) Haiti\tAmerica/Port-au-Prince\n",
    "Cuba Standard Time\t(UTC-05:00) Havana\tAmerica/Havana Cuba\n",
    "US Eastern Standard Time\t(UTC-05:00) Indiana (East)\tAmerica/Fort_Wayne \
     America/Indiana/Indianapolis America/Indiana/Marengo America/Indiana/Vevay \
     America/Indianapolis US/East-Indiana\n",
    "Turks And Caicos Standard Time\t(UTC-05:00) Turks and Caicos\tAmerica/Grand_Turk\n",
    "Paraguay Standard Time\t(UTC-04:00) Asuncion\tAmerica/Asuncion\n",
    "Atlantic Standard Time\t(UTC-04:00) Atlantic Time (Canada)\tAmerica/Glace_Bay \
     America/Goose_Bay America/Halifax America/Moncton America/Thule Atlantic/Bermuda \
     Canada/Atlantic\n",
    "Venezuela Standard Time\t(UTC-04:00) Caracas\tAmerica/Caracas\n",
    "Central Brazilian Standard Time\t(UTC-04:00) Cuiaba\tAmerica/Campo_Grande America/Cuiaba\n",
    "SA Western Standard Time\t(UTC-04:00) Georgetown, La Paz, Manaus, San Juan\t\
     America/Anguilla America/Antigua America/Aruba America/Barbados America/Blanc-Sablon \
     America/Boa_Vista America/Curacao America/Dominica America/Grenada America/Guadeloupe \
     America/Guyana America/Kralendijk America/La_Paz America/Lower_Princes America/Manaus \
     America/Marigot America/Martinique America/Montserrat America/Port_of_Spain \
     America/Porto_Velho America/Puerto_Rico America/Santo_Domingo America/St_Barthelemy \
     America/St_Kitts America/St_Lucia America/St_Thomas America/St_Vincent America/Tortola \
     America/Virgin Brazil/West Etc/GMT+4\n",
    "Pacific SA Standard Time\t(UTC-04:00) Santiago\tAmerica/Santiago Chile/Continental\n",
    "Newfoundland Standard Time\t(UTC-03:30) Newfoundland\tAmerica/St_Johns Canada/Newfoundland\n",
    "Tocantins Standard Time\t(UTC-03:00) Araguaina\tAmerica/Araguaina\n",
    "E. South America Standard Time\t(UTC-03:00) Brasilia\tAmerica/Sao_Paulo Brazil/East\n",
    "SA Eastern Standard Time\t(UTC-03:00) Cayenne, Fortaleza\tAmerica/Belem America/Cayenne \
     America/Fortaleza America/Maceio America/Paramaribo America/Recife America/Santarem \
     Antarctica/Palmer Antarctica/Rothera Atlantic/Stanley Etc/GMT+3\n",
    "Argentina Standard Time\t(UTC-03:00) City of Buenos Aires\tAmerica/Argentina/Buenos_Aires \
     America/Argentina/Catamarca America/Argentina/ComodRivadavia America/Argentina/Cordoba \
     America/Argentina/Jujuy America/Argentina/La_Rioja America/Argentina/Mendoza \
     America/Argentina/Rio_Gallegos America/Argentina/Salta America/Argentina/San_Juan \
     America/Argentina/San_Luis America/Argentina/Tucuman America/Argentina/Ushuaia \
     America/Buenos_Aires America/Catamarca America/Cordoba America/Jujuy America/Mendoza \
     America/Rosario\n",
    "Montevideo Standard Time\t(UTC-03:00) Montevideo\tAmerica/Montevideo\n",
    "Magallanes Standard Time\t(UTC-03:00) Punta Arenas\tAmerica/Coyhaique America/Punta_Arenas\n",
    "Saint Pierre Standard Time\t(UTC-03:00) Saint Pierre and Miquelon\tAmerica/Miquelon\n",
    "Bahia Standard Time\t(UTC-03:00) Salvador\tAmerica/Bahia\n",
    "UTC-02\t(UTC-02:00) Coordinated Universal Time-02\tAmerica/Noronha Atlantic/South_Georgia \
     Brazil/DeNoronha Etc/GMT+2\n",
    "Greenland Standard Time\t(UTC-02:00) Greenland\tAmerica/Godthab America/Nuuk\n",
    "Mid-Atlantic Standard Time\t(UTC-02:00) Mid-Atlantic - Old\t\n",
    "Azores Standard Time\t(UTC-01:00) Azores\tAmerica/Scoresbysund Atlantic/Azores\n",
    "Cape Verde Standard Time\t(UTC-01:00) Cabo Verde Is.\tAtlantic/Cape_Verde Etc/GMT+1\n",
    "UTC\t(UTC) Coordinated Universal Time\tEtc/GMT Etc/GMT+0 Etc/GMT-0 Etc/GMT0 Etc/Greenwich \
     Etc/UCT Etc/UTC Etc/Universal Etc/Zulu GMT GMT+0 GMT-0 GMT0 Greenwich UCT UTC Universal \
     Zulu\n",
    "GMT Standard Time\t(UTC+00:00) Dublin, Edinburgh, Lisbon, London\tAtlantic/Canary \
     Atlantic/Faeroe Atlantic/Faroe Atlantic/Madeira Eire Europe/Belfast Europe/Dublin \
     Europe/Guernsey Europe/Isle_of_Man Europe/Jersey Europe/Lisbon Europe/London GB GB-Eire \
     Portugal WET\n",
    "Greenwich Standard Time\t(UTC+00:00) Monrovia, Reykjavik\tAfrica/Abidjan Africa/Accra \
     Africa/Bamako Africa/Banjul Africa/Bissau Africa/Conakry Africa/Dakar Africa/Freetown \
     Africa/Lome Africa/Monrovia Africa/Nouakchott Africa/Ouagadougou Africa/Timbuktu \
     America/Danmarkshavn Atlantic/Reykjavik Atlantic/St_Helena Iceland\n",
    "Sao Tome Standard Time\t(UTC+00:00) Sao Tome\tAfrica/Sao_Tome\n",
    "W. Europe Standard Time\t(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\t\
     Arctic/Longyearbyen Atlantic/Jan_Mayen Europe/Amsterdam Europe/Andorra Europe/Berlin \
     Europe/Busingen Europe/Gibraltar Europe/Luxembourg Europe/Malta Europe/Monaco Europe/Oslo \
     Europe/Rome Europe/San_Marino Europe/Stockholm Europe/Vaduz Europe/Vatican Europe/Vienna \
     Europe/Zurich\n",
    "Central Europe Standard Time\t(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague\t\
     Europe/Belgrade Europe/Bratislava Europe/Budapest Europe/Ljubljana Europe/Podgorica \
     Europe/Prague Europe/Tirane\n",
    "Romance Standard Time\t(UTC+01:00) Brussels, Copenhagen, Madrid, Paris\tAfrica/Ceuta CET \
     Europe/Brussels Europe/Copenhagen Europe/Madrid Europe/Paris MET\n",
    "Morocco Standard Time\t(UTC+01:00) Casablanca\tAfrica/Casablanca Africa/El_Aaiun\n",
    "Central European Standard Time\t(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb\t\
     Europe/Sarajevo Europe/Skopje Europe/Warsaw Europe/Zagreb Poland\n",
    "W. Central Africa Standard Time\t(UTC+01:00) West Central Africa\tAfrica/Algiers \
     Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Kinshasa Africa/Lagos \
     Africa/Libreville Africa/Luanda Africa/Malabo Africa/Ndjamena Africa/Niamey \
     Africa/Porto-Novo Africa/Tunis Etc/GMT-1\n",
    "GTB Standard Time\t(UTC+02:00) Athens, Bucharest\tAsia/Famagusta Asia/Nicosia EET \
     Europe/Athens Europe/Bucharest Europe/Nicosia\n",
    "Middle East Standard Time\t(UTC+02:00) Beirut\tAsia/Beirut\n",
    "Egypt Standard Time\t(UTC+02:00) Cairo\tAfrica/Cairo Egypt\n",
    "E. Europe Standard Time\t(UTC+02:00) Chisinau\tEurope/Chisinau Europe/Tiraspol\n",
    "West Bank Standard Time\t(UTC+02:00) Gaza, Hebron\tAsia/Gaza Asia/Hebron\n",
    "South Africa Standard Time\t(UTC+02:00) Harare, Pretoria\tAfrica/Blantyre \
     Africa/Bujumbura Africa/Gaborone Africa/Harare Africa/Johannesburg Africa/Kigali \
     Africa/Lubumbashi Africa/Lusaka Africa/Maputo Africa/Maseru Africa/Mbabane Etc/GMT-2\n",
    "FLE Standard Time\t(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius\t\
     Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Mariehamn Europe/Riga Europe/Sofia \
     Europe/Tallinn Europe/Uzhgorod Europe/Vilnius Europe/Zaporozhye\n",
    "Israel Standard Time\t(UTC+02:00) Jerusalem\tAsia/Jerusalem Asia/Tel_Aviv Israel\n",
    "South Sudan Standard Time\t(UTC+02:00) Juba\tAfrica/Juba\n",
    "Kaliningrad Standard Time\t(UTC+02:00) Kaliningrad\tEurope/Kaliningrad\n",
    "Sudan Standard Time\t(UTC+02:00) Khartoum\tAfrica/Khartoum\n",
    "Libya Standard Time\t(UTC+02:00) Tripoli\tAfrica/Tripoli Libya\n",
    "Namibia Standard Time\t(UTC+02:00) Windhoek\tAfrica/Windhoek\n",
    "Jordan Standard Time\t(UTC+03:00) Amman\tAsia/Amman\n",
    "Arabic Standard Time\t(UTC+03:00) Baghdad\tAsia/Baghdad\n",
    "Syria Standard Time\t(UTC+03:00) Damascus\tAsia/Damascus\n",
    "Turkey Standard Time\t(UTC+03:00) Istanbul\tAsia/Istanbul Europe/Istanbul Turkey\n",
    "Arab Standard Time\t(UTC+03:00) Kuwait, Riyadh\tAsia/Aden Asia/Bahrain Asia/Kuwait \
     Asia/Qatar Asia/Riyadh\n",
    "Belarus Standard Time\t(UTC+03:00) Minsk\tEurope/Minsk\n",
    "Russian Standard Time\t(UTC+03:00) Moscow, St. Petersburg\tEurope/Kirov Europe/Moscow \
     Europe/Simferopol W-SU\n",
    "E. Africa Standard Time\t(UTC+03:00) Nairobi\tAfrica/Addis_Ababa Africa/Asmara \
     Africa/Asmera Africa/Dar_es_Salaam Africa/Djibouti Africa/Kampala Africa/Mogadishu \
     Africa/Nairobi Antarctica/Syowa Etc/GMT-3 Indian/Antananarivo Indian/Comoro Indian/Mayotte\n",
    "Volgograd Standard Time\t(UTC+03:00) Volgograd\tEurope/Volgograd\n",
    "Iran Standard Time\t(UTC+03:30) Tehran\tAsia/Tehran Iran\n",
    "Arabian Standard Time\t(UTC+04:00) Abu Dhabi, Muscat\tAsia/Dubai Asia/Muscat Etc/GMT-4\n",
    "Astrakhan Standard Time\t(UTC+04:00) Astrakhan, Ulyanovsk\tEurope/Astrakhan \
     Europe/Ulyanovsk\n",
    "Azerbaijan Standard Time\t(UTC+04:00) Baku\tAsia/Baku\n",
    "Russia Time Zone 3\t(UTC+04:00) Izhevsk, Samara\tEurope/Samara\n",
    "Mauritius Standard Time\t(UTC+04:00) Port Louis\tIndian/Mahe Indian/Mauritius \
     Indian/Reunion\n",
    "Saratov Standard Time\t(UTC+04:00) Saratov\tEurope/Saratov\n",
    "Georgian Standard Time\t(UTC+04:00) Tbilisi\tAsia/Tbilisi\n",
    "Caucasus Standard Time\t(UTC+04:00) Yerevan\tAsia/Yerevan\n",
    "Afghanistan Standard Time\t(UTC+04:30) Kabul\tAsia/Kabul\n",
    "West Asia Standard Time\t(UTC+05:00) Ashgabat, Tashkent\tAntarctica/Mawson Asia/Almaty \
     Asia/Aqtau Asia/Aqtobe Asia/Ashgabat Asia/Ashkhabad Asia/Atyrau Asia/Dushanbe Asia/Oral \
     Asia/Qostanay Asia/Samarkand Asia/Tashkent Etc/GMT-5 Indian/Kerguelen Indian/Maldives\n",
    "Qyzylorda Standard Time\t(UTC+05:00) Astana\tAsia/Qyzylorda\n",
    "Ekaterinburg Standard Time\t(UTC+05:00) Ekaterinburg\tAsia/Yekaterinburg\n",
    "Pakistan Standard Time\t(UTC+05:00) Islamabad, Karachi\tAsia/Karachi\n",
    "India Standard Time\t(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi\tAsia/Calcutta \
     Asia/Kolkata\n",
    "Sri Lanka Standard Time\t(UTC+05:30) Sri Jayawardenepura\tAsia/Colombo\n",
    "Nepal Standard Time\t(UTC+05:45) Kathmandu\tAsia/Kathmandu Asia/Katmandu\n",
    "Central Asia Standard Time\t(UTC+06:00) Bishkek\tAntarctica/Vostok Asia/Bishkek \
     Asia/Kashgar Asia/Urumqi Etc/GMT-6 Indian/Chagos\n",
    "Bangladesh Standard Time\t(UTC+06:00) Dhaka\tAsia/Dacca Asia/Dhaka Asia/Thimbu \
     Asia/Thimphu\n",
    "Omsk Standard Time\t(UTC+06:00) Omsk\tAsia/Omsk\n",
    "Myanmar Standard Time\t(UTC+06:30) Yangon (Rangoon)\tAsia/Rangoon Asia/Yangon Indian/Cocos\n",
    "SE Asia Standard Time\t(UTC+07:00) Bangkok, Hanoi, Jakarta\tAntarctica/Davis Asia/Bangkok \
     Asia/Ho_Chi_Minh Asia/Jakarta Asia/Phnom_Penh Asia/Pontianak Asia/Saigon Asia/Vientiane \
     Etc/GMT-7 Indian/Christmas\n",
    "Altai Standard Time\t(UTC+07:00) Barnaul, Gorno-Altaysk\tAsia/Barnaul\n",
    "W. Mongolia Standard Time\t(UTC+07:00) Hovd\tAsia/Hovd\n",
    "North Asia Standard Time\t(UTC+07:00) Krasnoyarsk\tAsia/Krasnoyarsk Asia/Novokuznetsk\n",
    "N. Central Asia Standard Time\t(UTC+07:00) Novosibirsk\tAsia/Novosibirsk\n",
    "Tomsk Standard Time\t(UTC+07:00) Tomsk\tAsia/Tomsk\n",
    "China Standard Time\t(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi\tAsia/Chongqing \
     Asia/Chungking Asia/Harbin Asia/Hong_Kong Asia/Macao Asia/Macau Asia/Shanghai Hongkong PRC\n",
    "North Asia East Standard Time\t(UTC+08:00) Irkutsk\tAsia/Irkutsk\n",
    "Singapore Standard Time\t(UTC+08:00) Kuala Lumpur, Singapore\tAsia/Brunei \
     Asia/Kuala_Lumpur Asia/Kuching Asia/Makassar Asia/Manila Asia/Singapore \
     Asia/Ujung_Pandang Etc/GMT-8 Singapore\n",
    "W. Australia Standard Time\t(UTC+08:00) Perth\tAustralia/Perth Australia/West\n",
    "Taipei Standard Time\t(UTC+08:00) Taipei\tAsia/Taipei ROC\n",
    "Ulaanbaatar Standard Time\t(UTC+08:00) Ulaanbaatar\tAsia/Choibalsan Asia/Ulaanbaatar \
     Asia/Ulan_Bator\n",
    "Aus Central W. Standard Time\t(UTC+08:45) Eucla\tAustralia/Eucla\n",
    "Transbaikal Standard Time\t(UTC+09:00) Chita\tAsia/Chita\n",
    "Tokyo Standard Time\t(UTC+09:00) Osaka, Sapporo, Tokyo\tAsia/Dili Asia/Jayapura \
     Asia/Tokyo Etc/GMT-9 Japan Pacific/Palau\n",
    "North Korea Standard Time\t(UTC+09:00) Pyongyang\tAsia/Pyongyang\n",
    "Korea Standard Time\t(UTC+09:00) Seoul\tAsia/Seoul ROK\n",
    "Yakutsk Standard Time\t(UTC+09:00) Yakutsk\tAsia/Khandyga Asia/Yakutsk\n",
    "Cen. Australia Standard Time\t(UTC+09:30) Adelaide\tAustralia/Adelaide \
     Australia/Broken_Hill Australia/South Australia/Yancowinna\n",
    "AUS Central Standard Time\t(UTC+09:30) Darwin\tAustralia/Darwin Australia/North\n",
    "E. Australia Standard Time\t(UTC+10:00) Brisbane\tAustralia/Brisbane Australia/Lindeman \
     Australia/Queensland\n",
    "AUS Eastern Standard Time\t(UTC+10:00) Canberra, Melbourne, Sydney\tAustralia/ACT \
     Australia/Canberra Australia/Melbourne Australia/NSW Australia/Sydney Australia/Victoria\n",
    "West Pacific Standard Time\t(UTC+10:00) Guam, Port Moresby\tAntarctica/DumontDUrville \
     Etc/GMT-10 Pacific/Chuuk Pacific/Guam Pacific/Port_Moresby Pacific/Saipan Pacific/Truk \
     Pacific/Yap\n",
    "Tasmania Standard Time\t(UTC+10:00) Hobart\tAntarctica/Macquarie Australia/Currie \
     Australia/Hobart Australia/Tasmania\n",
    "Vladivostok Standard Time\t(UTC+10:00) Vladivostok\tAsia/Ust-Nera Asia/Vladivostok\n",
    "Lord Howe Standard Time\t(UTC+10:30) Lord Howe Island\tAustralia/LHI Australia/Lord_Howe\n",
    "Bougainville Standard Time\t(UTC+11:00) Bougainville Island\tPacific/Bougainville\n",
    "Russia Time Zone 10\t(UTC+11:00) Chokurdakh\tAsia/Srednekolymsk\n",
    "Magadan Standard Time\t(UTC+11:00) Magadan\tAsia/Magadan\n",
    "Norfolk Standard Time\t(UTC+11:00) Norfolk Island\tPacific/Norfolk\n",
    "Sakhalin Standard Time\t(UTC+11:00) Sakhalin\tAsia/Sakhalin\n",
    "Central Pacific Standard Time\t(UTC+11:00) Solomon Is., New Caledonia\tAntarctica/Casey \
     Etc/GMT-11 Pacific/Efate Pacific/Guadalcanal Pacific/Kosrae Pacific/Noumea \
     Pacific/Pohnpei Pacific/Ponape\n",
    "Russia Time Zone 11\t(UTC+12:00) Anadyr, Petropavlovsk-Kamchatsky\tAsia/Anadyr \
     Asia/Kamchatka\n",
    "New Zealand Standard Time\t(UTC+12:00) Auckland, Wellington\tAntarctica/McMurdo \
     Antarctica/South_Pole NZ Pacific/Auckland\n",
    "UTC+12\t(UTC+12:00) Coordinated Universal Time+12\tEtc/GMT-12 Kwajalein Pacific/Funafuti \
     Pacific/Kwajalein Pacific/Majuro Pacific/Nauru Pacific/Tarawa Pacific/Wake Pacific/Wallis\n",
    "Fiji Standard Time\t(UTC+12:00) Fiji\tPacific/Fiji\n",
    "Kamchatka Standard Time\t(UTC+12:00) Petropavlovsk-Kamchatsky - Old\t\n",
    "Chatham Islands Standard Time\t(UTC+12:45) Chatham Islands\tNZ-CHAT Pacific/Chatham\n",
    "UTC+13\t(UTC+13:00) Coordinated Universal Time+13\tEtc/GMT-13 Pacific/Enderbury \
     Pacific/Fakaofo Pacific/Kanton\n",
    "Tonga Standard Time\t(UTC+13:00) Nuku'alofa\tPacific/Tongatapu\n",
    "Samoa Standard Time\t(UTC+13:00) Samoa\tPacific/Apia\n",
    "Line Islands Standard Time\t(UTC+14:00) Kiritimati Island\tEtc/GMT-14 Pacific/Kiritimati\n",
);

/// Every Windows zone of [`ZONES`], in its order.
pub fn windows_zones() -> impl Iterator<Item = WindowsZone> + Clone {
    zones().iter().copied()
}

/// [`ZONES`] split into its zones once, on first use: every row of a pasted
/// batch looks its time zone up, and splitting the text's lines on each
/// lookup was more than half the work of parsing and checking a 500-row
/// paste (callgrind, natively: 18.2 M instructions, 8.4 M split once).
fn zones() -> &'static [WindowsZone] {
    static SPLIT: std::sync::OnceLock<Vec<WindowsZone>> = std::sync::OnceLock::new();
    SPLIT.get_or_init(|| ZONES.lines().map(zone_of).collect())
}

/// One line of [`ZONES`] as its fields.
fn zone_of(line: &'static str) -> WindowsZone {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let label = fields.next().unwrap_or_default();
    let iana = fields.next().unwrap_or_default();
    WindowsZone {
        id,
        label,
        legacy: iana.is_empty(),
        iana,
    }
}

/// Finds a Windows zone by id. Case does not matter and surrounding
/// whitespace is ignored. Legacy ids are found too.
pub fn windows_zone(id: &str) -> Option<WindowsZone> {
    let id = id.trim();
    windows_zones().find(|zone| zone.id.eq_ignore_ascii_case(id))
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

/// Every (IANA name, Windows id) pair of [`ZONES`].
pub fn iana_to_windows() -> impl Iterator<Item = (&'static str, &'static str)> {
    windows_zones()
        .filter(|zone| !zone.legacy)
        .flat_map(|zone| zone.iana.split(' ').map(move |name| (name, zone.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all() -> Vec<WindowsZone> {
        windows_zones().collect()
    }

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
        for zone in all() {
            assert!(
                seen.insert(zone.id.to_ascii_lowercase()),
                "duplicate Windows id: {}",
                zone.id
            );
        }
    }

    #[test]
    fn the_table_has_three_fields_on_every_line() {
        assert_eq!(ZONES.lines().count(), 143);
        for line in ZONES.lines() {
            assert_eq!(line.split('\t').count(), 3, "{line:?}");
            for field in line.split('\t') {
                assert!(!field.contains("  ") && field == field.trim(), "{line:?}");
            }
        }
    }

    #[test]
    fn ids_and_labels_are_well_formed() {
        let mut labels = HashSet::new();
        for zone in all() {
            assert_eq!(zone.id, zone.id.trim(), "untrimmed id: {:?}", zone.id);
            assert!(!zone.id.is_empty());
            assert!(labels.insert(zone.label), "duplicate label: {}", zone.label);
            let offset = label_offset_minutes(zone.label);
            assert!((-12 * 60..=14 * 60).contains(&offset), "{}", zone.label);
        }
    }

    #[test]
    fn zones_are_ordered_by_offset_then_label() {
        let zones = all();
        for pair in zones.windows(2) {
            let a = (label_offset_minutes(pair[0].label), pair[0].label);
            let b = (label_offset_minutes(pair[1].label), pair[1].label);
            assert!(a < b, "{:?} should come after {:?}", pair[0], pair[1]);
        }
        assert_eq!(zones.first().unwrap().id, "Dateline Standard Time");
        assert_eq!(zones.last().unwrap().id, "Line Islands Standard Time");
    }

    #[test]
    fn has_the_full_current_list() {
        let current = windows_zones().filter(|zone| !zone.legacy).count();
        assert!(current >= 135, "only {current} non-legacy ids");
        let legacy: HashSet<&str> = windows_zones()
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
        for zone in all() {
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
    }

    #[test]
    fn iana_map_points_at_current_windows_ids() {
        for (iana, windows) in iana_to_windows() {
            let zone = windows_zones()
                .find(|zone| zone.id == windows)
                .unwrap_or_else(|| panic!("{iana} -> unknown Windows id {windows}"));
            assert!(!zone.legacy, "{iana} -> legacy id {windows}");
            assert_eq!(windows_zone_for_iana(iana), Some(windows));
        }
    }

    #[test]
    fn every_current_windows_id_has_an_iana_name() {
        let targets: HashSet<&str> = iana_to_windows().map(|(_, w)| w).collect();
        for zone in windows_zones().filter(|zone| !zone.legacy) {
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
