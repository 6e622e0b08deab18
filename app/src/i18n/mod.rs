//! The translation table: every UI string in Bahasa Indonesia (the reference) and English.
//!
//! One struct per area (this file: what every page shares; the others: one area each), one
//! constant per language: a string missing in either language does not compile.
//! Wording of the regulation itself (unsur, questions, answers, grades) lives in `ikm_domain`.

pub use ikm_domain::Lang;

mod admin;
mod dash;
mod invitation;
mod mpp;
mod privacy;
mod public;
mod region;
mod scorecard;
mod upload;

pub use admin::{AdminTexts, ADMIN_EN, ADMIN_ID};
pub use dash::{DashTexts, DASH_EN, DASH_ID};
pub use invitation::{InvitationTexts, INVITATION_EN, INVITATION_ID};
pub use mpp::{MppTexts, MPP_EN, MPP_ID};
pub use privacy::{PrivacyTexts, PRIVACY_EN, PRIVACY_ID};
pub use public::{PublicTexts, PUBLIC_EN, PUBLIC_ID};
pub use region::{RegionTexts, REGION_EN, REGION_ID};
pub use scorecard::{ScorecardTexts, SCORECARD_EN, SCORECARD_ID};
pub use upload::{UploadTexts, UPLOAD_EN, UPLOAD_ID};

pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub home_title: &'static str,
    /// The home page's title for one province: `{p}` its name.
    pub home_title_in: &'static str,
    pub home_intro: &'static str,
    pub home_provinces: &'static str,
    pub home_choose_province: &'static str,
    /// A search over a large directory that matched more units than it lists: `{n}` listed of
    /// `{m}`.
    pub home_search_cut: &'static str,
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
    /// Before the reason a request's address or fields cannot be read (a 400).
    pub bad_request: &'static str,
    pub loading: &'static str,
    pub footer: &'static str,
    /// What search engines show under the site's pages.
    pub meta_description: &'static str,
    /// A posted form (with its files) larger than the server takes, or not readable.
    pub form_too_large: &'static str,
    pub lang_switch: &'static str,
    pub lang_switch_tag: &'static str,
    pub unit_take_survey: &'static str,
    pub unit_poster: &'static str,
    pub survey_intro: &'static str,
    pub privacy_note: &'static str,
    pub service_label: &'static str,
    pub choose: &'static str,
    pub question: &'static str,
    pub progress_of: &'static str,
    pub progress_answered: &'static str,
    pub profile_heading: &'static str,
    pub gender_label: &'static str,
    pub age_label: &'static str,
    pub education_label: &'static str,
    pub occupation_label: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub submit: &'static str,
    pub err_required: &'static str,
    pub err_invalid: &'static str,
    pub err_too_long: &'static str,
    pub err_age: &'static str,
    /// "Boleh kami hubungi?": the offer to be contacted, after a low score or with a comment.
    pub contact_title: &'static str,
    pub contact_intro: &'static str,
    pub contact_label: &'static str,
    /// The consent sentence, kept with the contact as what the citizen agreed to.
    pub contact_consent: &'static str,
    pub privacy_link: &'static str,
    pub err_contact_missing: &'static str,
    pub err_contact_unreadable: &'static str,
    pub err_contact_no_consent: &'static str,
    pub err_summary: &'static str,
    /// What a table that may scroll sideways says of itself.
    pub table_scroll: &'static str,
    /// "Pertanyaan" of "Pertanyaan 3" in the error summary.
    pub question_word: &'static str,
    /// The summary of a staff form sent back with problems beside its fields.
    pub err_fields: &'static str,
    pub err_form: &'static str,
    pub honeypot_label: &'static str,
    pub thanks_title: &'static str,
    pub thanks_body: &'static str,
    pub thanks_ikm: &'static str,
    pub thanks_no_ikm: &'static str,
    pub respondents: &'static str,
    pub complaint_heading: &'static str,
    pub complaint_body: &'static str,
    pub complaint_lapor: &'static str,
    pub another_response: &'static str,
    pub kiosk_returning: &'static str,
    /// The thanks when an answer is stored on the device and not yet sent.
    pub saved_locally: &'static str,
    /// "{n} jawaban menunggu dikirim" (`{n}` is replaced by the number).
    pub queue_waiting: &'static str,
    /// "{n} jawaban tidak dapat dikirim…" (`{n}` is replaced by the number).
    pub queue_held: &'static str,
    pub poster_invite: &'static str,
    pub poster_or_visit: &'static str,
    pub conflict_title: &'static str,
    pub conflict_body: &'static str,
    pub unit_not_found: &'static str,
    pub admin: AdminTexts,
    pub dash: DashTexts,
    pub region: RegionTexts,
    pub scorecard: ScorecardTexts,
    pub mpp: MppTexts,
    pub invitation: InvitationTexts,
    pub public: PublicTexts,
    pub privacy: PrivacyTexts,
    pub upload: UploadTexts,
}

pub const ID: Texts = Texts {
    app_name: "Survei Kepuasan Masyarakat",
    tagline: "Indeks Kepuasan Masyarakat unit pelayanan publik, sesuai PermenPANRB 14/2017",
    skip_to_content: "Langsung ke isi",
    home_title: "Unit pelayanan publik",
    home_title_in: "Unit pelayanan di Provinsi {p}",
    home_provinces: "Provinsi",
    home_choose_province: "Pilih provinsi untuk melihat unit pelayanannya, atau cari unit menurut nama, jenis atau wilayahnya.",
    home_search_cut: "Menampilkan {n} dari {m} unit yang cocok. Perjelas pencarian atau pilih provinsi.",
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
    bad_request: "Alamat atau isian yang dikirim tidak dapat dibaca:",
    loading: "Memuat…",
    footer: "Survei Kepuasan Masyarakat — Provinsi Lampung",
    meta_description: "Survei Kepuasan Masyarakat (SKM) unit pelayanan publik Provinsi Lampung: isi survei setelah dilayani, dalam kurang dari satu menit, dan lihat Indeks Kepuasan Masyarakat yang diterbitkan tiap unit.",
    form_too_large: "Kiriman ini terlalu besar atau tidak terbaca. Foto paling besar 5 MB; kembali dan coba lagi dengan berkas yang lebih kecil.",
    lang_switch: "English",
    lang_switch_tag: "en",
    unit_take_survey: "Isi survei kepuasan",
    unit_poster: "Poster kode QR untuk dicetak",
    survey_intro: "Bantu kami memperbaiki layanan: jawab 9 pertanyaan singkat tentang layanan yang baru Anda terima.",
    privacy_note: "Anonim: kami tidak menyimpan nama, nomor telepon, atau alamat IP Anda — hanya jawaban, waktu, dan profil yang Anda isi sendiri; nomor atau e-mail hanya jika Anda sendiri meminta dihubungi.",
    service_label: "Jenis layanan yang Anda terima",
    choose: "— pilih —",
    question: "Pertanyaan",
    progress_of: "dari",
    progress_answered: "pertanyaan terjawab",
    profile_heading: "Tentang Anda (boleh tidak diisi)",
    gender_label: "Jenis kelamin",
    age_label: "Usia (tahun)",
    education_label: "Pendidikan terakhir",
    occupation_label: "Pekerjaan",
    comment_label: "Saran dan masukan (boleh tidak diisi)",
    comment_hint: "Paling banyak 2.000 karakter. Dibaca oleh petugas unit; tidak ditampilkan ke publik tanpa jawaban unit.",
    submit: "Kirim jawaban",
    err_required: "Pilih salah satu jawaban.",
    err_invalid: "Pilihan ini tidak valid. Pilih dari daftar.",
    err_too_long: "Terlalu panjang: paling banyak 2.000 karakter.",
    err_age: "Isi usia dalam tahun, 10 sampai 120.",
    contact_title: "Boleh kami hubungi?",
    contact_intro: "Tidak wajib. Jika Anda ingin petugas menghubungi Anda tentang jawaban ini, isi nomor telepon/WhatsApp atau e-mail dan centang persetujuan di bawahnya.",
    contact_label: "Nomor telepon/WhatsApp atau e-mail",
    contact_consent: "Saya setuju petugas unit layanan ini menghubungi saya melalui nomor atau e-mail di atas tentang jawaban saya. Hanya petugas unit ini yang melihatnya, dan data ini dihapus 90 hari setelah masukan saya selesai ditindaklanjuti.",
    privacy_link: "Bagaimana data Anda dijaga",
    err_contact_missing: "Isi nomor telepon/WhatsApp atau e-mail, atau hapus centang persetujuan.",
    err_contact_unreadable: "Tulis nomor Indonesia (08… atau +62…) atau alamat e-mail, misalnya 0812-3456-7890.",
    err_contact_no_consent: "Centang persetujuan agar kami boleh menghubungi Anda, atau kosongkan nomor/e-mail.",
    err_summary: "Ada jawaban yang belum lengkap atau belum sesuai:",
    table_scroll: "Tabel; geser ke samping bila tidak muat di layar",
    question_word: "Pertanyaan",
    err_fields: "Ada isian yang belum sesuai. Lihat tanda merah di bawah.",
    err_form: "Formulir ini sudah tidak berlaku. Jawaban Anda masih ada; silakan kirim lagi.",
    honeypot_label: "Jangan isi kolom ini",
    thanks_title: "Terima kasih!",
    thanks_body: "Jawaban Anda sudah kami terima dan membantu memperbaiki layanan.",
    thanks_ikm: "Indeks Kepuasan Masyarakat unit ini yang diterbitkan,",
    thanks_no_ikm: "Unit ini belum menerbitkan hasil survei kepuasannya.",
    respondents: "responden",
    complaint_heading: "Ingin menyampaikan pengaduan?",
    complaint_body: "Maaf, layanan kami belum memuaskan. Anda dapat menyampaikan pengaduan resmi:",
    complaint_lapor: "SP4N-LAPOR!: lapor.go.id, SMS 1708, atau aplikasi LAPOR!",
    another_response: "Isi survei lagi",
    kiosk_returning: "Layar kembali ke awal dalam beberapa detik…",
    saved_locally: "Jawaban Anda tersimpan di perangkat ini dan akan terkirim sendiri begitu ada sambungan.",
    queue_waiting: "{n} jawaban menunggu dikirim",
    queue_held: "{n} jawaban tidak dapat dikirim — mohon tunjukkan perangkat ini kepada petugas",
    poster_invite: "Bagaimana pelayanan kami hari ini? Pindai kode QR dan isi survei singkat — tanpa nama, kurang dari satu menit.",
    poster_or_visit: "atau buka",
    conflict_title: "Formulir ini sudah terkirim dengan jawaban lain",
    conflict_body: "Jawaban yang pertama tetap tersimpan. Untuk mengisi lagi, buka survei dari awal.",
    unit_not_found: "Unit pelayanan ini tidak ditemukan atau tidak aktif.",
    admin: ADMIN_ID,
    dash: DASH_ID,
    privacy: PRIVACY_ID,
    region: REGION_ID,
    scorecard: SCORECARD_ID,
    mpp: MPP_ID,
    invitation: INVITATION_ID,
    public: PUBLIC_ID,
    upload: UPLOAD_ID,
};

pub const EN: Texts = Texts {
    app_name: "Public Satisfaction Survey",
    tagline: "Public satisfaction index of public-service units, per PermenPANRB 14/2017",
    skip_to_content: "Skip to content",
    home_title: "Public-service units",
    home_title_in: "Public-service units in {p} Province",
    home_provinces: "Provinces",
    home_choose_province: "Choose a province to see its service units, or search for a unit by its name, kind or region.",
    home_search_cut: "Showing {n} of {m} matching units. Refine the search or choose a province.",
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
    bad_request: "The address or fields sent cannot be read:",
    loading: "Loading…",
    footer: "Public Satisfaction Survey — Lampung Province",
    meta_description: "The public satisfaction survey (SKM) of Lampung's public-service units: answer it after being served, in under a minute, and see the satisfaction index each unit publishes.",
    form_too_large: "This form is too large or cannot be read. Photos may be at most 5 MB; go back and try again with a smaller file.",
    lang_switch: "Bahasa Indonesia",
    lang_switch_tag: "id",
    unit_take_survey: "Take the satisfaction survey",
    unit_poster: "Printable QR code poster",
    survey_intro: "Help us improve: answer 9 short questions about the service you just received.",
    privacy_note: "Anonymous: we keep no name, phone number or IP address — only your answers, the time, and any profile you choose to give; a number or e-mail only if you ask to be contacted.",
    service_label: "The service you received",
    choose: "— choose —",
    question: "Question",
    progress_of: "of",
    progress_answered: "questions answered",
    profile_heading: "About you (optional)",
    gender_label: "Gender",
    age_label: "Age (years)",
    education_label: "Highest education",
    occupation_label: "Occupation",
    comment_label: "Suggestions and feedback (optional)",
    comment_hint: "At most 2,000 characters. Read by the unit's staff; never shown publicly without the unit's reply.",
    submit: "Send answers",
    err_required: "Choose one answer.",
    err_invalid: "This choice is not valid. Choose from the list.",
    err_too_long: "Too long: at most 2,000 characters.",
    err_age: "Give your age in years, 10 to 120.",
    contact_title: "May we contact you?",
    contact_intro: "Optional. If you would like the staff to contact you about this answer, give a phone/WhatsApp number or an e-mail address and tick the consent below it.",
    contact_label: "Phone/WhatsApp number or e-mail",
    contact_consent: "I agree that this service unit's staff may contact me at the number or e-mail above about my answer. Only this unit's staff see it, and it is deleted 90 days after my feedback has been dealt with.",
    privacy_link: "How your data is kept",
    err_contact_missing: "Give a phone/WhatsApp number or an e-mail address, or untick the consent.",
    err_contact_unreadable: "Write an Indonesian number (08… or +62…) or an e-mail address, e.g. 0812-3456-7890.",
    err_contact_no_consent: "Tick the consent so that we may contact you, or empty the number/e-mail.",
    err_summary: "Some answers are missing or not valid:",
    table_scroll: "Table; scroll sideways when it does not fit the screen",
    question_word: "Question",
    err_fields: "Some fields need another look. See the red notes below.",
    err_form: "This form has expired. Your answers are still here; please send again.",
    honeypot_label: "Leave this field empty",
    thanks_title: "Thank you!",
    thanks_body: "We have received your answers; they help improve the service.",
    thanks_ikm: "Published satisfaction index of this unit,",
    thanks_no_ikm: "This unit has not published its satisfaction survey results yet.",
    respondents: "respondents",
    complaint_heading: "Want to file a complaint?",
    complaint_body: "We are sorry the service fell short. You can file a formal complaint:",
    complaint_lapor: "SP4N-LAPOR!: lapor.go.id, SMS 1708, or the LAPOR! app",
    another_response: "Answer again",
    kiosk_returning: "The screen returns to the start in a few seconds…",
    saved_locally: "Your answers are saved on this device and will be sent by themselves as soon as there is a connection.",
    queue_waiting: "{n} answer(s) waiting to be sent",
    queue_held: "{n} answer(s) could not be sent — please show this device to the staff",
    poster_invite: "How did we serve you today? Scan the QR code for a short survey — anonymous, under a minute.",
    poster_or_visit: "or visit",
    conflict_title: "This form was already sent with other answers",
    conflict_body: "The first answers are kept. To answer again, open the survey afresh.",
    unit_not_found: "This service unit does not exist or is not active.",
    admin: ADMIN_EN,
    dash: DASH_EN,
    privacy: PRIVACY_EN,
    region: REGION_EN,
    scorecard: SCORECARD_EN,
    mpp: MPP_EN,
    invitation: INVITATION_EN,
    public: PUBLIC_EN,
    upload: UPLOAD_EN,
};

/// The table of a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The cookie that remembers the visitor's language.
pub const LANG_COOKIE: &str = "ikm_lang";

/// The language of the current page (Bahasa Indonesia unless the visitor chose otherwise).
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_else(request_lang)
}

/// The visitor's language: on the server from the `ikm_lang` cookie, in the browser from the
/// document's `lang` attribute the server wrote — so both sides render the same text.
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                let header = parts.headers.get(http::header::COOKIE)?.to_str().ok()?;
                crate::cookies::cookie(header, LANG_COOKIE).and_then(Lang::from_tag)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|root| root.get_attribute("lang"))
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// The table of the current page's language.
pub fn t() -> &'static Texts {
    texts(use_lang())
}

/// Percent-encodes text for a query-string value.
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl AdminTexts {
    /// The words for a form error code (`crate::forms::code`).
    pub fn form_error(&self, code: &str, base: &Texts) -> &'static str {
        use crate::forms::code as c;
        match code {
            c::REQUIRED => base.err_required,
            c::LENGTH => self.err_length,
            c::EMAIL => self.err_email,
            c::UNIT_CODE => self.err_unit_code,
            c::USERNAME => self.err_username,
            c::TAKEN => self.err_taken,
            c::NUMBER => self.err_number,
            c::OUT_OF_SCOPE => self.err_out_of_scope,
            c::SCOPE => self.err_scope,
            c::PASSWORD => self.err_password,
            c::SIGN_IN => self.err_sign_in,
            c::SIGN_IN_LIMIT => self.err_sign_in_limit,
            c::SIGN_IN_WAIT => self.err_sign_in_wait,
            c::DATE => self.err_date,
            c::FUTURE_DATE => self.err_future_date,
            c::BEFORE_PERIOD => self.err_before_period,
            c::CLOSING_NOTE => self.err_closing_note,
            c::LINK => self.err_link,
            c::EVIDENCE => self.err_evidence,
            c::PHOTO_TYPE => self.err_photo_type,
            c::PHOTO_SIZE => self.err_photo_size,
            c::PHOTO_MARKUP => self.err_photo_markup,
            c::PHOTO_UNREADABLE => self.err_photo_unreadable,
            c::LOGO_TYPE => self.err_logo_type,
            c::LOGO_SIZE => self.err_logo_size,
            c::LOGO_UNREADABLE => self.err_logo_unreadable,
            c::NIP => self.err_nip,
            c::LINES => self.err_lines,
            c::RUBRIC => self.err_rubric,
            c::UNKNOWN_UNIT => base.mpp.unknown_unit,
            _ => self.err_choice,
        }
    }

    pub fn role(&self, role: crate::access::Role) -> &'static str {
        use crate::access::Role;
        match role {
            Role::Admin => self.role_admin,
            Role::National => self.role_national,
            Role::Province => self.role_province,
            Role::Region => self.role_region,
            Role::Unit => self.role_unit,
            Role::Mpp => self.role_mpp,
        }
    }
}
