//! The translation table: every UI string in Bahasa Indonesia (the reference) and English.
//!
//! One struct, one constant per language: a string missing in either language does not compile.
//! Wording of the regulation itself (unsur, questions, answers, grades) lives in `ikm_domain`.

pub use ikm_domain::Lang;

pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub filter_label: &'static str,
    pub filter_placeholder: &'static str,
    pub filter_submit: &'static str,
    pub filter_clear: &'static str,
    pub units_found: &'static str,
    pub no_units_found: &'static str,
    pub region_units: &'static str,
    pub unit_kind: &'static str,
    pub unit_region: &'static str,
    pub unit_mpp: &'static str,
    pub unit_services: &'static str,
    pub unit_code: &'static str,
    pub unit_no_services: &'static str,
    pub back_home: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub load_error: &'static str,
    pub loading: &'static str,
    pub footer: &'static str,
}

pub const ID: Texts = Texts {
    app_name: "Survei Kepuasan Masyarakat",
    tagline: "Indeks Kepuasan Masyarakat unit pelayanan publik, sesuai PermenPANRB 14/2017",
    skip_to_content: "Langsung ke isi",
    home_title: "Unit pelayanan di Provinsi Lampung",
    home_intro: "Pilih unit pelayanan untuk melihat layanannya. Warga mengisi survei melalui kode QR di loket.",
    filter_label: "Cari unit atau wilayah",
    filter_placeholder: "mis. Disdukcapil, Puskesmas, Metro",
    filter_submit: "Cari",
    filter_clear: "Hapus pencarian",
    units_found: "unit ditemukan",
    no_units_found: "Tidak ada unit yang cocok dengan pencarian.",
    region_units: "unit",
    unit_kind: "Jenis unit",
    unit_region: "Wilayah",
    unit_mpp: "Mal Pelayanan Publik",
    unit_services: "Jenis layanan",
    unit_code: "Kode unit",
    unit_no_services: "Belum ada jenis layanan.",
    back_home: "Kembali ke daftar unit",
    not_found_title: "Halaman tidak ditemukan",
    not_found_body: "Alamat yang Anda buka tidak ada atau unit tersebut tidak aktif lagi.",
    load_error: "Data tidak dapat dimuat. Silakan coba lagi sebentar lagi.",
    loading: "Memuat…",
    footer: "Survei Kepuasan Masyarakat — Provinsi Lampung",
};

pub const EN: Texts = Texts {
    app_name: "Public Satisfaction Survey",
    tagline: "Public satisfaction index of public-service units, per PermenPANRB 14/2017",
    skip_to_content: "Skip to content",
    home_title: "Public-service units in Lampung Province",
    home_intro: "Choose a unit to see its services. Citizens take the survey through the QR code at the counter.",
    filter_label: "Search units or regions",
    filter_placeholder: "e.g. Disdukcapil, Puskesmas, Metro",
    filter_submit: "Search",
    filter_clear: "Clear search",
    units_found: "units found",
    no_units_found: "No unit matches the search.",
    region_units: "units",
    unit_kind: "Kind of unit",
    unit_region: "Region",
    unit_mpp: "Public service mall",
    unit_services: "Services",
    unit_code: "Unit code",
    unit_no_services: "No services yet.",
    back_home: "Back to the list of units",
    not_found_title: "Page not found",
    not_found_body: "The address you opened does not exist, or the unit is no longer active.",
    load_error: "The data could not be loaded. Please try again in a moment.",
    loading: "Loading…",
    footer: "Public Satisfaction Survey — Lampung Province",
};

/// The table of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The language of the current page (Bahasa Indonesia unless the visitor chose otherwise).
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The table of the current page's language.
pub fn t() -> &'static Texts {
    texts(use_lang())
}
