//! `/privasi`: what the survey collects, why, for how long, and who sees it (UU 27/2022). The same
//! facts, in English, are docs/PRIVACY.md.

/// The privacy page: a title, a lead and its sections (heading, paragraphs).
pub struct PrivacyTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub sections: &'static [(&'static str, &'static [&'static str])],
}

pub const PRIVACY_ID: PrivacyTexts = PrivacyTexts {
    title: "Privasi survei",
    lead: "Survei Kepuasan Masyarakat dijalankan unit pelayanan sesuai PermenPANRB 14/2017. Halaman ini menjelaskan data apa yang kami simpan, untuk apa, berapa lama, dan siapa yang melihatnya (UU 27/2022 tentang Pelindungan Data Pribadi).",
    sections: &[
        ("Yang kami simpan", &[
            "Jawaban Anda atas sembilan pertanyaan, waktu menjawab, layanan dan loket yang Anda pilih, serta cara Anda menjawab (ponsel, kios, tautan).",
            "Jika Anda mengisinya sendiri: jenis kelamin, usia, pendidikan, pekerjaan, dan saran atau masukan.",
            "Sebuah kode perangkat acak yang diacak ulang setiap hari, hanya untuk mencegah jawaban ganda. Kami tidak menyimpan nama, alamat IP, atau lokasi Anda.",
            "Nomor telepon/WhatsApp atau e-mail hanya jika Anda sendiri mencentang persetujuan untuk dihubungi, bersama kalimat persetujuan yang Anda setujui.",
        ]),
        ("Untuk apa", &[
            "Menghitung Indeks Kepuasan Masyarakat (IKM) unit, menemukan unsur pelayanan yang perlu diperbaiki, dan menindaklanjuti masukan Anda.",
            "Nomor atau e-mail yang Anda berikan hanya dipakai untuk menghubungi Anda tentang jawaban Anda.",
        ]),
        ("Siapa yang melihat", &[
            "Petugas unit melihat jawaban dan masukan; nomor NIK, telepon, rekening, e-mail, dan pelat kendaraan yang tertulis dalam masukan selalu disamarkan (misalnya 08**-****-**21).",
            "Pemerintah kabupaten/kota dan provinsi melihat hasil dan masukan yang sama, juga tersamar.",
            "Publik hanya melihat hasil yang diterbitkan unit dan balasan unit atas masukan, dengan nomor yang disamarkan.",
            "Nomor atau e-mail yang Anda berikan untuk dihubungi hanya dilihat oleh petugas unit itu sendiri.",
        ]),
        ("Berapa lama", &[
            "Nomor atau e-mail untuk dihubungi dihapus 90 hari setelah masukan Anda selesai ditindaklanjuti.",
            "Setelah dua tahun, masukan disamarkan di dalam basis data dan data profil dikosongkan; angka hasil survei tetap.",
        ]),
        ("Hak Anda", &[
            "Survei ini tidak wajib dan semua data profil boleh tidak diisi. Untuk pertanyaan atau permintaan penghapusan, hubungi unit pelayanan yang Anda nilai melalui kanal pengaduannya.",
        ]),
    ],
};

pub const PRIVACY_EN: PrivacyTexts = PrivacyTexts {
    title: "Survey privacy",
    lead: "The Public Satisfaction Survey is run by the service unit under PermenPANRB 14/2017. This page says what we keep, why, for how long, and who sees it (UU 27/2022 on Personal Data Protection).",
    sections: &[
        ("What we keep", &[
            "Your answers to the nine questions, when you answered, the service and counter you chose, and how you answered (phone, kiosk, link).",
            "If you give them: gender, age, education, occupation, and your suggestions or feedback.",
            "A random device code that is scrambled anew every day, only to prevent duplicate answers. We keep no name, IP address or location.",
            "A phone/WhatsApp number or e-mail address only if you tick the consent to be contacted yourself, with the consent sentence you agreed to.",
        ]),
        ("Why", &[
            "To compute the unit's Public Satisfaction Index (IKM), find the parts of the service to improve, and act on your feedback.",
            "A number or e-mail you give is used only to contact you about your answer.",
        ]),
        ("Who sees it", &[
            "The unit's staff see the answers and feedback; ID (NIK), phone, bank account numbers, e-mail addresses and vehicle plates written in feedback are always masked (e.g. 08**-****-**21).",
            "The regency/city and the province see the same results and feedback, masked too.",
            "The public sees only the results the unit publishes and the unit's replies to feedback, with numbers masked.",
            "A number or e-mail you give to be contacted is seen by that unit's own staff alone.",
        ]),
        ("For how long", &[
            "A number or e-mail given to be contacted is deleted 90 days after your feedback has been dealt with.",
            "After two years, feedback is masked in the database and profile data emptied; the survey's figures stay.",
        ]),
        ("Your rights", &[
            "The survey is voluntary and every profile question may be left empty. For questions or a request to delete, contact the service unit you rated through its complaint channel.",
        ]),
    ],
};
