//! What each evidence key gives an app access to, in the stores' own data types.

/// Where an evidence key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// An Android `<uses-permission>` name, such as `android.permission.ACCESS_FINE_LOCATION`.
    AndroidPermission,
    /// An Apple `Info.plist` usage-description key, such as `NSCameraUsageDescription`.
    AppleUsage,
    /// An Apple entitlement key, such as `com.apple.developer.healthkit`.
    AppleEntitlement,
    /// A Windows package capability name, such as `location`.
    WindowsCapability,
}

/// One evidence key and the store data types it gives the app access to.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceKey {
    /// Where it is written.
    pub kind: KeyKind,
    /// The key exactly as written in the file.
    pub name: &'static str,
    /// The store data types it reaches; empty when it reaches none.
    pub types: &'static [&'static str],
    /// Whether the key is evidence of tracking.
    pub tracking: bool,
}

/// Every key, by kind.
pub static KEYS: &[EvidenceKey] = &[
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_FINE_LOCATION",
        types: &["PSL_PRECISE_LOCATION"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_COARSE_LOCATION",
        types: &["PSL_APPROX_LOCATION"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.CAMERA",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RECORD_AUDIO",
        types: &["PSL_AUDIO"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_CALENDAR",
        types: &["PSL_CALENDAR"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_CONTACTS",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.INTERNET",
        types: &[],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationWhenInUseUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSPhotoLibraryAddUsageDescription",
        types: &[],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSUserTrackingUsageDescription",
        types: &["NSPrivacyCollectedDataTypeDeviceID"],
        tracking: true,
    },
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.healthkit",
        types: &["NSPrivacyCollectedDataTypeHealth"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "location",
        types: &["PSL_PRECISE_LOCATION", "PSL_APPROX_LOCATION"],
        tracking: false,
    },
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "contacts",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
];
