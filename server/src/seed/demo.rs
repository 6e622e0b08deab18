//! The Lampung demo: for each of the 15 kabupaten/kota a realistic set of public-service units with
//! their services, and a Mal Pelayanan Publik where the region has one (12 of 15, as in 2025): the
//! region's Disdukcapil, DPMPTSP and Samsat serve there beside booths of five national agencies.
//! Two other provinces' kabupaten/kota (`OTHER_PROVINCES`) give the national view its neighbours.
//! Idempotent: running it again adds nothing (units are keyed by code, services by unit and name).

use app::accounts::Actor;
use app::model::UnitKind;
use app::mpp::MppFields;
use app::store::{NewUnit, Store, StoreError};

/// One kabupaten/kota of the demo.
struct DemoRegion {
    code: &'static str,
    /// "Kabupaten Lampung Selatan" → used in unit names.
    name: &'static str,
    rsud: &'static str,
    puskesmas: [&'static str; 3],
    samsat: &'static str,
    /// Whether the region has a Mal Pelayanan Publik (12 of Lampung's 15 had one in 2025).
    has_mpp: bool,
    /// Rough size of the population served, relative to an average region (×10).
    size: u64,
}

const REGIONS: [DemoRegion; 15] = [
    DemoRegion {
        code: "18.01",
        name: "Kabupaten Lampung Selatan",
        rsud: "RSUD Bob Bazar",
        puskesmas: ["Kalianda", "Natar", "Jati Agung"],
        samsat: "Kalianda",
        has_mpp: true,
        size: 12,
    },
    DemoRegion {
        code: "18.02",
        name: "Kabupaten Lampung Tengah",
        rsud: "RSUD Demang Sepulau Raya",
        puskesmas: ["Gunung Sugih", "Terbanggi Besar", "Kota Gajah"],
        samsat: "Gunung Sugih",
        has_mpp: true,
        size: 14,
    },
    DemoRegion {
        code: "18.03",
        name: "Kabupaten Lampung Utara",
        rsud: "RSUD Mayjend H.M. Ryacudu",
        puskesmas: ["Kotabumi", "Abung Selatan", "Bukit Kemuning"],
        samsat: "Kotabumi",
        has_mpp: true,
        size: 9,
    },
    DemoRegion {
        code: "18.04",
        name: "Kabupaten Lampung Barat",
        rsud: "RSUD Alimuddin Umar",
        puskesmas: ["Liwa", "Sumber Jaya", "Belalau"],
        samsat: "Liwa",
        has_mpp: true,
        size: 5,
    },
    DemoRegion {
        code: "18.05",
        name: "Kabupaten Tulang Bawang",
        rsud: "RSUD Menggala",
        puskesmas: ["Menggala", "Banjar Agung", "Rawajitu Selatan"],
        samsat: "Menggala",
        has_mpp: true,
        size: 7,
    },
    DemoRegion {
        code: "18.06",
        name: "Kabupaten Tanggamus",
        rsud: "RSUD Batin Mangunang",
        puskesmas: ["Kota Agung", "Talang Padang", "Pugung"],
        samsat: "Kota Agung",
        has_mpp: true,
        size: 8,
    },
    DemoRegion {
        code: "18.07",
        name: "Kabupaten Lampung Timur",
        rsud: "RSUD Sukadana",
        puskesmas: ["Sukadana", "Way Jepara", "Pekalongan"],
        samsat: "Sukadana",
        has_mpp: true,
        size: 11,
    },
    DemoRegion {
        code: "18.08",
        name: "Kabupaten Way Kanan",
        rsud: "RSUD Zainal Abidin Pagar Alam",
        puskesmas: ["Blambangan Umpu", "Baradatu", "Banjit"],
        samsat: "Blambangan Umpu",
        has_mpp: true,
        size: 6,
    },
    DemoRegion {
        code: "18.09",
        name: "Kabupaten Pesawaran",
        rsud: "RSUD Pesawaran",
        puskesmas: ["Gedong Tataan", "Padang Cermin", "Kedondong"],
        samsat: "Gedong Tataan",
        has_mpp: true,
        size: 6,
    },
    DemoRegion {
        code: "18.10",
        name: "Kabupaten Pringsewu",
        rsud: "RSUD Pringsewu",
        puskesmas: ["Pringsewu", "Gading Rejo", "Pagelaran"],
        samsat: "Pringsewu",
        has_mpp: true,
        size: 6,
    },
    DemoRegion {
        code: "18.11",
        name: "Kabupaten Mesuji",
        rsud: "RSUD Ragab Begawe Caram",
        puskesmas: ["Simpang Pematang", "Tanjung Raya", "Mesuji Timur"],
        samsat: "Mesuji",
        has_mpp: false,
        size: 4,
    },
    DemoRegion {
        code: "18.12",
        name: "Kabupaten Tulang Bawang Barat",
        rsud: "RSUD Tulang Bawang Barat",
        puskesmas: ["Tulang Bawang Tengah", "Tumijajar", "Lambu Kibang"],
        samsat: "Panaragan",
        has_mpp: false,
        size: 4,
    },
    DemoRegion {
        code: "18.13",
        name: "Kabupaten Pesisir Barat",
        rsud: "RSUD Pratama Krui",
        puskesmas: ["Krui", "Ngambur", "Lemong"],
        samsat: "Krui",
        has_mpp: false,
        size: 3,
    },
    DemoRegion {
        code: "18.71",
        name: "Kota Bandar Lampung",
        rsud: "RSUD A. Dadi Tjokrodipo",
        puskesmas: ["Kedaton", "Way Halim", "Panjang"],
        samsat: "Bandar Lampung",
        has_mpp: true,
        size: 16,
    },
    DemoRegion {
        code: "18.72",
        name: "Kota Metro",
        rsud: "RSUD Jend. Ahmad Yani",
        puskesmas: ["Yosomulyo", "Ganjar Agung", "Banjarsari"],
        samsat: "Metro",
        has_mpp: true,
        size: 4,
    },
];

/// Beyond Lampung, so that the national view (`/wilayah`, issue #34) and `/publik` compare
/// provinces: two kabupaten/kota each of Sumatera Selatan and Jawa Barat, with the usual units and
/// no MPP. Their region tree comes from the national file (`seed::regions::ensure_indonesia`).
const OTHER_PROVINCES: [DemoRegion; 4] = [
    DemoRegion {
        code: "16.71",
        name: "Kota Palembang",
        rsud: "RSUD Palembang BARI",
        puskesmas: ["Dempo", "Sekip", "Kenten"],
        samsat: "Palembang I",
        has_mpp: false,
        size: 16,
    },
    DemoRegion {
        code: "16.03",
        name: "Kabupaten Muara Enim",
        rsud: "RSUD Dr. H. M. Rabain",
        puskesmas: ["Muara Enim", "Gunung Megang", "Tanjung Enim"],
        samsat: "Muara Enim",
        has_mpp: false,
        size: 6,
    },
    DemoRegion {
        code: "32.73",
        name: "Kota Bandung",
        rsud: "RSUD Kota Bandung",
        puskesmas: ["Garuda", "Ibrahim Adjie", "Puter"],
        samsat: "Bandung Timur",
        has_mpp: false,
        size: 20,
    },
    DemoRegion {
        code: "32.04",
        name: "Kabupaten Bandung",
        rsud: "RSUD Majalaya",
        puskesmas: ["Soreang", "Baleendah", "Majalaya"],
        samsat: "Soreang",
        has_mpp: false,
        size: 18,
    },
];

fn services(kind: UnitKind) -> &'static [&'static str] {
    match kind {
        UnitKind::Disdukcapil => &[
            "Perekaman dan Pencetakan KTP-el",
            "Kartu Keluarga",
            "Akta Kelahiran",
            "Akta Kematian",
            "Surat Pindah Datang",
            "Kartu Identitas Anak (KIA)",
        ],
        UnitKind::Dpmptsp => &[
            "Persetujuan Bangunan Gedung (PBG)",
            "Nomor Induk Berusaha (NIB) melalui OSS",
            "Surat Izin Praktik Tenaga Kesehatan",
            "Izin Reklame",
        ],
        UnitKind::Rsud => &[
            "Rawat Jalan",
            "Rawat Inap",
            "Instalasi Gawat Darurat",
            "Laboratorium",
            "Farmasi",
        ],
        UnitKind::Puskesmas => &[
            "Pemeriksaan Umum",
            "Kesehatan Ibu dan Anak / KB",
            "Imunisasi",
            "Kesehatan Gigi dan Mulut",
            "Laboratorium",
        ],
        UnitKind::Samsat => &[
            "Pajak Kendaraan Tahunan",
            "Pajak Lima Tahunan (Ganti Pelat)",
            "Balik Nama Kendaraan (BBNKB)",
            "Mutasi Kendaraan",
        ],
        UnitKind::Lainnya => &["Pelayanan Umum"],
    }
}

/// The booths of national agencies in each demo MPP: (code suffix, office, agency, services).
const NATIONAL_BOOTHS: [(&str, &str, &str, &[&str]); 5] = [
    (
        "imigrasi",
        "Unit Layanan Paspor Kantor Imigrasi",
        "Direktorat Jenderal Imigrasi",
        &["Paspor baru", "Penggantian paspor"],
    ),
    (
        "bpjs-kesehatan",
        "BPJS Kesehatan",
        "BPJS Kesehatan",
        &[
            "Pendaftaran peserta JKN",
            "Perubahan data peserta",
            "Informasi dan pengaduan",
        ],
    ),
    (
        "bpjs-tk",
        "BPJS Ketenagakerjaan",
        "BPJS Ketenagakerjaan",
        &["Klaim Jaminan Hari Tua", "Pendaftaran peserta"],
    ),
    (
        "polres",
        "Satpas dan Pelayanan SKCK Polres",
        "Kepolisian Negara Republik Indonesia",
        &[
            "Perpanjangan SIM",
            "Surat Keterangan Catatan Kepolisian (SKCK)",
        ],
    ),
    (
        "pajak",
        "Kantor Pelayanan Pajak Pratama",
        "Direktorat Jenderal Pajak",
        &["Pendaftaran NPWP", "Konsultasi SPT Tahunan"],
    ),
];

/// The code of a region's demo MPP (`mpp-` and the region's name: `mpp-kota-metro`).
pub fn mpp_code(region_name: &str) -> String {
    format!("mpp-{}", slug(&region_name.replace("Kabupaten ", "")))
}

/// Lowercase words joined by `-`: "Gading Rejo" → "gading-rejo".
fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Every demo unit with its services.
pub fn units() -> Vec<(NewUnit, &'static [&'static str])> {
    let mut units = Vec::new();
    for region in REGIONS.iter().chain(&OTHER_PROVINCES) {
        let prefix = region.code.replace('.', "");
        let mpp = region.has_mpp.then(|| mpp_name(region));
        let contact = format!(
            "Loket pengaduan di kantor unit, Senin–Jumat 08.00–15.00 WIB; WhatsApp 0811-7{}-{:04}",
            &prefix[2..],
            region.size * 37 % 10_000
        );
        let mut add = |code: String,
                       name: String,
                       kind: UnitKind,
                       in_mpp: bool,
                       per_year: u64,
                       agency: Option<&str>,
                       services: &'static [&'static str]| {
            units.push((
                NewUnit {
                    code,
                    name,
                    kind,
                    region_code: region.code.to_string(),
                    mpp_name: if in_mpp { mpp.clone() } else { None },
                    agency: agency.map(str::to_string),
                    complaint_contact: Some(contact.to_string()),
                    population_per_year: Some(per_year * region.size / 10),
                },
                services,
            ));
        };
        add(
            format!("{prefix}-disdukcapil"),
            format!("Dinas Kependudukan dan Pencatatan Sipil {}", region.name),
            UnitKind::Disdukcapil,
            region.has_mpp,
            24_000,
            None,
            services(UnitKind::Disdukcapil),
        );
        add(
            format!("{prefix}-dpmptsp"),
            format!("Dinas Penanaman Modal dan PTSP {}", region.name),
            UnitKind::Dpmptsp,
            region.has_mpp,
            3_000,
            None,
            services(UnitKind::Dpmptsp),
        );
        add(
            format!("{prefix}-rsud"),
            region.rsud.to_string(),
            UnitKind::Rsud,
            false,
            40_000,
            None,
            services(UnitKind::Rsud),
        );
        for place in region.puskesmas {
            add(
                format!("{prefix}-pkm-{}", slug(place)),
                format!("Puskesmas {place}"),
                UnitKind::Puskesmas,
                false,
                9_000,
                None,
                services(UnitKind::Puskesmas),
            );
        }
        add(
            format!("{prefix}-samsat"),
            format!("UPTD Samsat {}", region.samsat),
            UnitKind::Samsat,
            region.has_mpp,
            30_000,
            None,
            services(UnitKind::Samsat),
        );
        if region.has_mpp {
            let town = region.name.replace("Kabupaten ", "");
            for (suffix, office, agency, services) in NATIONAL_BOOTHS {
                add(
                    format!("{prefix}-mpp-{suffix}"),
                    format!("{office} — gerai MPP {town}"),
                    UnitKind::Lainnya,
                    true,
                    4_000,
                    Some(agency),
                    services,
                );
            }
        }
    }
    units
}

/// The name of a region's demo MPP (its units name it; `Store::ensure_unit` finds it by name).
fn mpp_name(region: &DemoRegion) -> String {
    format!("Mal Pelayanan Publik {}", region.name)
}

/// Creates each region's MPP with its short code and address, unless it is there (by code, or by
/// name from an older demo).
async fn ensure_mpps(store: &dyn Store) -> Result<(), StoreError> {
    for region in REGIONS.iter().filter(|r| r.has_mpp) {
        let code = mpp_code(region.name);
        if store.mpp(&code).await?.is_some() {
            continue;
        }
        let fields = MppFields {
            name: mpp_name(region),
            region_code: region.code.to_string(),
            address: format!("Kompleks Perkantoran Pemerintah {}", region.name),
        };
        match store
            .save_mpp(&code, &fields, true, &Actor::command_line())
            .await
        {
            Ok(()) | Err(StoreError::Taken(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What one run of the seed did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub units_created: usize,
    pub units_total: usize,
    pub responses_created: usize,
    /// Units given their publications, follow-up and replies this run.
    pub units_followed_up: usize,
    pub users_created: usize,
    /// The province's, the kabupaten/kota's and one unit's letterheads (`seed::letterheads`).
    pub letterheads_saved: usize,
}

/// Creates the demo units, services, a year of responses up to `as_of`, and the demo accounts, that
/// are not there yet.
pub async fn seed(store: &dyn Store, as_of: chrono::NaiveDate) -> Result<SeedReport, StoreError> {
    super::regions::ensure(store).await?;
    super::regions::ensure_indonesia(store).await?;
    ensure_mpps(store).await?;
    let mut report = SeedReport::default();
    for (unit, services) in units() {
        if store.ensure_unit(&unit).await? {
            report.units_created += 1;
        }
        for service in services {
            store.ensure_service(&unit.code, service).await?;
        }
        report.units_total += 1;
    }
    let codes: Vec<String> = units().into_iter().map(|(u, _)| u.code).collect();
    report.responses_created = super::responses::seed(store, &codes, as_of).await?;
    report.units_followed_up = super::evidence::seed(store, &codes, as_of).await?;
    report.users_created = super::users::seed(store).await?;
    report.letterheads_saved = super::letterheads::seed(store).await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_region_has_the_usual_units_with_unique_codes() {
        let units = units();
        let codes: HashSet<&str> = units.iter().map(|(u, _)| u.code.as_str()).collect();
        assert_eq!(codes.len(), units.len(), "unit codes are unique");
        for region in super::super::regions::lampung().iter().skip(1) {
            let kinds: HashSet<UnitKind> = units
                .iter()
                .filter(|(u, _)| u.region_code == region.code)
                .map(|(u, _)| u.kind)
                .collect();
            assert!(kinds.len() >= 5, "{} has every kind", region.name);
        }
        assert!(codes.contains("1871-pkm-way-halim"));
        for province in ["16", "32"] {
            let theirs = units
                .iter()
                .filter(|(u, _)| app::access::province_of(&u.region_code) == province)
                .count();
            assert_eq!(
                theirs, 14,
                "two kabupaten/kota of {province}, seven units each"
            );
        }
        assert!(units.iter().all(|(_, s)| !s.is_empty()));
    }

    #[test]
    fn twelve_regions_have_an_mpp_of_eight_tenants_five_of_them_national_booths() {
        let mut halls: std::collections::BTreeMap<String, Vec<NewUnit>> = Default::default();
        for (unit, _) in units() {
            if let Some(name) = unit.mpp_name.clone() {
                halls.entry(name).or_default().push(unit);
            }
        }
        assert_eq!(halls.len(), 12);
        for (name, tenants) in &halls {
            assert!((8..=15).contains(&tenants.len()), "{name}");
            let national = tenants.iter().filter(|u| u.agency.is_some()).count();
            assert_eq!(national, 5, "{name}");
            assert!(tenants.iter().any(|u| u.kind == UnitKind::Disdukcapil));
        }
        assert_eq!(mpp_code("Kabupaten Lampung Selatan"), "mpp-lampung-selatan");
        assert_eq!(mpp_code("Kota Bandar Lampung"), "mpp-kota-bandar-lampung");
    }

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slug("Gading Rejo"), "gading-rejo");
        assert_eq!(slug("Mayjend H.M. Ryacudu"), "mayjend-h-m-ryacudu");
    }
}
