//! What each evidence key gives an app access to, in the stores' own data types (DESIGN §12).
//!
//! A key is an Android permission, an Apple `Info.plist` usage-description key or entitlement,
//! or a Windows package capability. Its row names the data types an app holding it can read or
//! record: Google Play data safety ids for Android and Windows keys, Apple privacy-manifest ids
//! for Apple keys. A key with no types is listed so a reader sees it was weighed.
//!
//! The table was written by hand from the platforms' own pages, read on 2026-12-02: Android's
//! `Manifest.permission` and `HealthPermissions` references and its guide to declaring data use
//! (<https://developer.android.com/privacy-and-security/declare-data-use>), Apple's Information
//! Property List and Entitlements references, Microsoft's app capability declarations, and the
//! stores' definitions of their types: Google's data safety form
//! (<https://support.google.com/googleplay/android-developer/answer/10787469>) and Apple's app
//! privacy details (<https://developer.apple.com/app-store/app-privacy-details/>). No table made
//! by a third party was copied. Each row's comment says what the key grants and cites its page,
//! shortened with these prefixes:
//!
//! - `mp#`: <https://developer.android.com/reference/android/Manifest.permission#>
//! - `hp#`: <https://developer.android.com/reference/android/health/connect/HealthPermissions#>
//! - `ipl/`: Apple's Information Property List keys,
//!   <https://developer.apple.com/documentation/bundleresources/information-property-list/>
//! - `ent/`: Apple's entitlements,
//!   <https://developer.apple.com/documentation/bundleresources/entitlements/>
//! - `acd#`: Microsoft's app capability declarations,
//!   <https://learn.microsoft.com/windows/apps/package-and-deploy/app-capability-declarations#>
//!
//! Rules the rows follow where the pages leave room:
//!
//! - A key that only writes (adds events, saves health samples, sends texts) reaches no type:
//!   the app reads nothing through it. A key that documents reading with writing reaches the
//!   type it reads.
//! - A key that only extends another (background location, background body sensors, Health
//!   Connect history) reaches the types of the key it extends.
//! - Radio and network keys (Bluetooth, Wi-Fi, ranging, local network) reach no type: each
//!   platform gates the location they could reveal behind its location keys.
//! - Call history is Play's Contacts type, which Google defines to include it.
//! - Apple has no calendar, reminders, files or media-library type: those keys reach Other User
//!   Content. HomeKit and Focus status reach Other Data Types.
//! - The tracking flag is set for `NSUserTrackingUsageDescription` only; the advertising
//!   identifier it unlocks is Apple's example of a Device ID.

/// Where an evidence key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// An Android `<uses-permission>` name, such as `android.permission.ACCESS_FINE_LOCATION`.
    AndroidPermission,
    /// An Apple `Info.plist` usage-description key, such as `NSCameraUsageDescription`.
    AppleUsage,
    /// An Apple entitlement key, such as `com.apple.developer.healthkit`.
    AppleEntitlement,
    /// A Windows package capability name (`<Capability>`, `<uap:Capability>`,
    /// `<rescap:Capability>`, `<DeviceCapability>`), such as `location`.
    WindowsCapability,
}

/// One evidence key and the store data types it gives the app access to.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceKey {
    /// Where the key is written.
    pub kind: KeyKind,
    /// The key exactly as written in the file.
    pub name: &'static str,
    /// The store data types it reaches: Play ids (`PSL_...`) for Android and Windows keys, Apple
    /// ids in full (`NSPrivacyCollectedDataType...`) for Apple keys. Empty: the key gives access
    /// to no data type (listed so a reader sees it was considered).
    pub types: &'static [&'static str],
    /// Whether the key is evidence of tracking (Apple's `NSUserTrackingUsageDescription` only).
    pub tracking: bool,
}

/// Every evidence key candor knows, grouped by kind.
pub static KEYS: &[EvidenceKey] = &[
    // --- Android runtime ("dangerous") permissions of Manifest.permission, API 37.
    // Play types per Google's data safety definitions and its declare-data-use guide.

    // carry on a call another app started; reads no data; mp#ACCEPT_HANDOVER
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCEPT_HANDOVER",
        types: &[],
        tracking: false,
    },
    // keeps coarse or fine location while in background; mp#ACCESS_BACKGROUND_LOCATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_BACKGROUND_LOCATION",
        types: &["PSL_PRECISE_LOCATION", "PSL_APPROX_LOCATION"],
        tracking: false,
    },
    // approximate location: an area of 3 km² or more; mp#ACCESS_COARSE_LOCATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_COARSE_LOCATION",
        types: &["PSL_APPROX_LOCATION"],
        tracking: false,
    },
    // location as exact as the device can tell; mp#ACCESS_FINE_LOCATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_FINE_LOCATION",
        types: &["PSL_PRECISE_LOCATION"],
        tracking: false,
    },
    // talk to devices on the local network (API 37); mp#ACCESS_LOCAL_NETWORK
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_LOCAL_NETWORK",
        types: &[],
        tracking: false,
    },
    // read the places stored in shared photos; mp#ACCESS_MEDIA_LOCATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_MEDIA_LOCATION",
        types: &["PSL_PRECISE_LOCATION", "PSL_APPROX_LOCATION"],
        tracking: false,
    },
    // tell walking, running, cycling and the like; mp#ACTIVITY_RECOGNITION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACTIVITY_RECOGNITION",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // pick up incoming calls; reads no data; mp#ANSWER_PHONE_CALLS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ANSWER_PHONE_CALLS",
        types: &[],
        tracking: false,
    },
    // make the device visible to Bluetooth peers; mp#BLUETOOTH_ADVERTISE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.BLUETOOTH_ADVERTISE",
        types: &[],
        tracking: false,
    },
    // talk to paired Bluetooth devices; mp#BLUETOOTH_CONNECT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.BLUETOOTH_CONNECT",
        types: &[],
        tracking: false,
    },
    // find nearby Bluetooth devices; location has its own keys; mp#BLUETOOTH_SCAN
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.BLUETOOTH_SCAN",
        types: &[],
        tracking: false,
    },
    // body sensor readings such as heart rate; mp#BODY_SENSORS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.BODY_SENSORS",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // body sensor readings while in background; mp#BODY_SENSORS_BACKGROUND
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.BODY_SENSORS_BACKGROUND",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // take photos and record video with the device's cameras; mp#CAMERA
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.CAMERA",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // place calls without the dialer; reads no data; mp#CALL_PHONE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.CALL_PHONE",
        types: &[],
        tracking: false,
    },
    // list the accounts on the device (often emails); mp#GET_ACCOUNTS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.GET_ACCOUNTS",
        types: &["PSL_EMAIL", "PSL_USER_ACCOUNT"],
        tracking: false,
    },
    // find and join nearby Wi-Fi peers; mp#NEARBY_WIFI_DEVICES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.NEARBY_WIFI_DEVICES",
        types: &[],
        tracking: false,
    },
    // show notifications; reads no data; mp#POST_NOTIFICATIONS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.POST_NOTIFICATIONS",
        types: &[],
        tracking: false,
    },
    // see (and redirect) numbers being dialled; mp#PROCESS_OUTGOING_CALLS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.PROCESS_OUTGOING_CALLS",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // distance to peer devices, any ranging radio (API 36); mp#RANGING
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RANGING",
        types: &[],
        tracking: false,
    },
    // read the user's calendar events; mp#READ_CALENDAR
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_CALENDAR",
        types: &["PSL_CALENDAR"],
        tracking: false,
    },
    // read call history (Play files it under Contacts); mp#READ_CALL_LOG
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_CALL_LOG",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // read the user's address book; mp#READ_CONTACTS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_CONTACTS",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // read shared storage (apps targeting API 32 or lower); mp#READ_EXTERNAL_STORAGE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_EXTERNAL_STORAGE",
        types: &[
            "PSL_FILES_AND_DOCS",
            "PSL_PHOTOS",
            "PSL_VIDEOS",
            "PSL_AUDIO",
            "PSL_MUSIC",
            "PSL_OTHER_AUDIO",
        ],
        tracking: false,
    },
    // read audio files in shared storage; mp#READ_MEDIA_AUDIO
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_MEDIA_AUDIO",
        types: &["PSL_AUDIO", "PSL_MUSIC", "PSL_OTHER_AUDIO"],
        tracking: false,
    },
    // read images in shared storage; mp#READ_MEDIA_IMAGES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_MEDIA_IMAGES",
        types: &["PSL_PHOTOS"],
        tracking: false,
    },
    // read videos in shared storage; mp#READ_MEDIA_VIDEO
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_MEDIA_VIDEO",
        types: &["PSL_VIDEOS"],
        tracking: false,
    },
    // read the photos and videos the user picked; mp#READ_MEDIA_VISUAL_USER_SELECTED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_MEDIA_VISUAL_USER_SELECTED",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // read the device's own phone numbers; mp#READ_PHONE_NUMBERS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_PHONE_NUMBERS",
        types: &["PSL_PHONE"],
        tracking: false,
    },
    // phone and network state; number and IMEI on older levels; mp#READ_PHONE_STATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_PHONE_STATE",
        types: &["PSL_PHONE", "PSL_DEVICE_ID"],
        tracking: false,
    },
    // read stored text messages; mp#READ_SMS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_SMS",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // receive incoming MMS messages; mp#RECEIVE_MMS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RECEIVE_MMS",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // receive incoming text messages; mp#RECEIVE_SMS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RECEIVE_SMS",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // receive WAP push messages (MMS notices); mp#RECEIVE_WAP_PUSH
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RECEIVE_WAP_PUSH",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // record from the microphone; mp#RECORD_AUDIO
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.RECORD_AUDIO",
        types: &["PSL_AUDIO"],
        tracking: false,
    },
    // send texts; reading them needs READ_SMS; mp#SEND_SMS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.SEND_SMS",
        types: &[],
        tracking: false,
    },
    // make SIP calls; reads no data; mp#USE_SIP
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.USE_SIP",
        types: &[],
        tracking: false,
    },
    // distance to peers over ultra-wideband; mp#UWB_RANGING
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.UWB_RANGING",
        types: &[],
        tracking: false,
    },
    // add or change events; reading needs READ_CALENDAR; mp#WRITE_CALENDAR
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.WRITE_CALENDAR",
        types: &[],
        tracking: false,
    },
    // write call history; Android documents it as read too; mp#WRITE_CALL_LOG
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.WRITE_CALL_LOG",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // add or change contacts; reading needs READ_CONTACTS; mp#WRITE_CONTACTS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.WRITE_CONTACTS",
        types: &[],
        tracking: false,
    },
    // write shared storage; reading comes with it where it works; mp#WRITE_EXTERNAL_STORAGE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.WRITE_EXTERNAL_STORAGE",
        types: &[
            "PSL_FILES_AND_DOCS",
            "PSL_PHOTOS",
            "PSL_VIDEOS",
            "PSL_AUDIO",
            "PSL_MUSIC",
            "PSL_OTHER_AUDIO",
        ],
        tracking: false,
    },
    // add voicemails to the system; reads none; mp#ADD_VOICEMAIL
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "com.android.voicemail.permission.ADD_VOICEMAIL",
        types: &[],
        tracking: false,
    },
    // --- Android normal, special-access and Google Play services permissions that reach data,
    // and a few common ones that reach none.

    // open network sockets; no user data by itself; mp#INTERNET
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.INTERNET",
        types: &[],
        tracking: false,
    },
    // see whether and how the device is online; mp#ACCESS_NETWORK_STATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_NETWORK_STATE",
        types: &[],
        tracking: false,
    },
    // Wi-Fi state; network names also need location; mp#ACCESS_WIFI_STATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.ACCESS_WIFI_STATE",
        types: &[],
        tracking: false,
    },
    // deprecated: grants nothing since API 23; mp#READ_PROFILE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_PROFILE",
        types: &[],
        tracking: false,
    },
    // see every installed app; mp#QUERY_ALL_PACKAGES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.QUERY_ALL_PACKAGES",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // usage statistics of the other apps (special access); mp#PACKAGE_USAGE_STATS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.PACKAGE_USAGE_STATS",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // how long each app was used (API 37.2); mp#QUERY_APP_USAGE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.QUERY_APP_USAGE",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // every file in shared storage (special access); mp#MANAGE_EXTERNAL_STORAGE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.MANAGE_EXTERNAL_STORAGE",
        types: &[
            "PSL_FILES_AND_DOCS",
            "PSL_PHOTOS",
            "PSL_VIDEOS",
            "PSL_AUDIO",
            "PSL_MUSIC",
            "PSL_OTHER_AUDIO",
        ],
        tracking: false,
    },
    // IMEI and other fixed ids; https://developer.android.com/about/versions/10/privacy/changes
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.READ_PRIVILEGED_PHONE_STATE",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // the advertising ID; https://support.google.com/googleplay/android-developer/answer/6048248
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "com.google.android.gms.permission.AD_ID",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // --- Android Health Connect permissions (runtime, granted in the Health Connect screen).

    // read active calories burned; hp#READ_ACTIVE_CALORIES_BURNED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_ACTIVE_CALORIES_BURNED",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read activity intensity (API 36); hp#READ_ACTIVITY_INTENSITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_ACTIVITY_INTENSITY",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read basal body temperature; hp#READ_BASAL_BODY_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BASAL_BODY_TEMPERATURE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read basal metabolic rate; hp#READ_BASAL_METABOLIC_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BASAL_METABOLIC_RATE",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read blood glucose; hp#READ_BLOOD_GLUCOSE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BLOOD_GLUCOSE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read blood pressure; hp#READ_BLOOD_PRESSURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BLOOD_PRESSURE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read body fat; hp#READ_BODY_FAT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BODY_FAT",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read body temperature; hp#READ_BODY_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BODY_TEMPERATURE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read body water mass; hp#READ_BODY_WATER_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BODY_WATER_MASS",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read bone mass; hp#READ_BONE_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_BONE_MASS",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read cervical mucus; hp#READ_CERVICAL_MUCUS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_CERVICAL_MUCUS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read distance travelled; hp#READ_DISTANCE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_DISTANCE",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read elevation gained; hp#READ_ELEVATION_GAINED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_ELEVATION_GAINED",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read exercise records; hp#READ_EXERCISE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_EXERCISE",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read exercise routes, which are GPS tracks; hp#READ_EXERCISE_ROUTES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_EXERCISE_ROUTES",
        types: &["PSL_FITNESS", "PSL_PRECISE_LOCATION"],
        tracking: false,
    },
    // read floors climbed; hp#READ_FLOORS_CLIMBED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_FLOORS_CLIMBED",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read health data of any type, full history; hp#READ_HEALTH_DATA_HISTORY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HEALTH_DATA_HISTORY",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read health data of any type, in background; hp#READ_HEALTH_DATA_IN_BACKGROUND
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HEALTH_DATA_IN_BACKGROUND",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read heart rate; hp#READ_HEART_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HEART_RATE",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read heart rate variability; hp#READ_HEART_RATE_VARIABILITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HEART_RATE_VARIABILITY",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read height; hp#READ_HEIGHT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HEIGHT",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read hydration; hp#READ_HYDRATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_HYDRATION",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read intermenstrual bleeding; hp#READ_INTERMENSTRUAL_BLEEDING
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_INTERMENSTRUAL_BLEEDING",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read lean body mass; hp#READ_LEAN_BODY_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_LEAN_BODY_MASS",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read medical records: allergies; hp#READ_MEDICAL_DATA_ALLERGIES_INTOLERANCES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_ALLERGIES_INTOLERANCES",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: conditions; hp#READ_MEDICAL_DATA_CONDITIONS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_CONDITIONS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: lab results; hp#READ_MEDICAL_DATA_LABORATORY_RESULTS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_LABORATORY_RESULTS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: medications; hp#READ_MEDICAL_DATA_MEDICATIONS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_MEDICATIONS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: patient details; hp#READ_MEDICAL_DATA_PERSONAL_DETAILS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_PERSONAL_DETAILS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: practitioners; hp#READ_MEDICAL_DATA_PRACTITIONER_DETAILS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_PRACTITIONER_DETAILS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: pregnancy; hp#READ_MEDICAL_DATA_PREGNANCY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_PREGNANCY",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: procedures; hp#READ_MEDICAL_DATA_PROCEDURES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_PROCEDURES",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: social history; hp#READ_MEDICAL_DATA_SOCIAL_HISTORY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_SOCIAL_HISTORY",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: vaccinations; hp#READ_MEDICAL_DATA_VACCINES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_VACCINES",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: visits; hp#READ_MEDICAL_DATA_VISITS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_VISITS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read medical records: vital signs; hp#READ_MEDICAL_DATA_VITAL_SIGNS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MEDICAL_DATA_VITAL_SIGNS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read menstruation; hp#READ_MENSTRUATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MENSTRUATION",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read mindfulness records (API 36); hp#READ_MINDFULNESS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_MINDFULNESS",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read nutrition; hp#READ_NUTRITION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_NUTRITION",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read ovulation tests; hp#READ_OVULATION_TEST
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_OVULATION_TEST",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read oxygen saturation; hp#READ_OXYGEN_SATURATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_OXYGEN_SATURATION",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read training plans; hp#READ_PLANNED_EXERCISE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_PLANNED_EXERCISE",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read exercise power; hp#READ_POWER
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_POWER",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read respiratory rate; hp#READ_RESPIRATORY_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_RESPIRATORY_RATE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read resting heart rate; hp#READ_RESTING_HEART_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_RESTING_HEART_RATE",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read sexual activity; hp#READ_SEXUAL_ACTIVITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_SEXUAL_ACTIVITY",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read skin temperature; hp#READ_SKIN_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_SKIN_TEMPERATURE",
        types: &["PSL_HEALTH"],
        tracking: false,
    },
    // read sleep records; hp#READ_SLEEP
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_SLEEP",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read speed; hp#READ_SPEED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_SPEED",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read step counts; hp#READ_STEPS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_STEPS",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read total calories burned; hp#READ_TOTAL_CALORIES_BURNED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_TOTAL_CALORIES_BURNED",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // read VO2 max; hp#READ_VO2_MAX
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_VO2_MAX",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read weight; hp#READ_WEIGHT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_WEIGHT",
        types: &["PSL_HEALTH", "PSL_FITNESS"],
        tracking: false,
    },
    // read wheelchair pushes; hp#READ_WHEELCHAIR_PUSHES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.READ_WHEELCHAIR_PUSHES",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_ACTIVE_CALORIES_BURNED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_ACTIVE_CALORIES_BURNED",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_ACTIVITY_INTENSITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_ACTIVITY_INTENSITY",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BASAL_BODY_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BASAL_BODY_TEMPERATURE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BASAL_METABOLIC_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BASAL_METABOLIC_RATE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BLOOD_GLUCOSE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BLOOD_GLUCOSE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BLOOD_PRESSURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BLOOD_PRESSURE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BODY_FAT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BODY_FAT",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BODY_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BODY_TEMPERATURE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BODY_WATER_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BODY_WATER_MASS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_BONE_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_BONE_MASS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_CERVICAL_MUCUS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_CERVICAL_MUCUS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_DISTANCE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_DISTANCE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_ELEVATION_GAINED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_ELEVATION_GAINED",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_EXERCISE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_EXERCISE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_EXERCISE_ROUTE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_EXERCISE_ROUTE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_FLOORS_CLIMBED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_FLOORS_CLIMBED",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_HEART_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_HEART_RATE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_HEART_RATE_VARIABILITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_HEART_RATE_VARIABILITY",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_HEIGHT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_HEIGHT",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_HYDRATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_HYDRATION",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_INTERMENSTRUAL_BLEEDING
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_INTERMENSTRUAL_BLEEDING",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_LEAN_BODY_MASS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_LEAN_BODY_MASS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_MEDICAL_DATA
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_MEDICAL_DATA",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_MENSTRUATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_MENSTRUATION",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_MINDFULNESS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_MINDFULNESS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_NUTRITION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_NUTRITION",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_OVULATION_TEST
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_OVULATION_TEST",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_OXYGEN_SATURATION
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_OXYGEN_SATURATION",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_PLANNED_EXERCISE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_PLANNED_EXERCISE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_POWER
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_POWER",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_RESPIRATORY_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_RESPIRATORY_RATE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_RESTING_HEART_RATE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_RESTING_HEART_RATE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_SEXUAL_ACTIVITY
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_SEXUAL_ACTIVITY",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_SKIN_TEMPERATURE
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_SKIN_TEMPERATURE",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_SLEEP
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_SLEEP",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_SPEED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_SPEED",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_STEPS
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_STEPS",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_TOTAL_CALORIES_BURNED
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_TOTAL_CALORIES_BURNED",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_VO2_MAX
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_VO2_MAX",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_WEIGHT
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_WEIGHT",
        types: &[],
        tracking: false,
    },
    // write only: saves records, reads none; hp#WRITE_WHEELCHAIR_PUSHES
    EvidenceKey {
        kind: KeyKind::AndroidPermission,
        name: "android.permission.health.WRITE_WHEELCHAIR_PUSHES",
        types: &[],
        tracking: false,
    },
    // --- Apple Info.plist usage-description keys ("protected resources").

    // where tracked accessories are (visionOS); ipl/nsaccessorytrackingusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAccessoryTrackingUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherDataTypes"],
        tracking: false,
    },
    // schedule alarms and timers; reads no data; ipl/nsalarmkitusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAlarmKitUsageDescription",
        types: &[],
        tracking: false,
    },
    // open files in other apps' containers (macOS); ipl/nsappdatausagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAppDataUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // script other apps, and reach the data they hold (macOS); ipl/nsappleeventsusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAppleEventsUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read the user's media library; ipl/nsapplemusicusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAppleMusicUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // capture the audio other apps play (macOS); ipl/nsaudiocaptureusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSAudioCaptureUsageDescription",
        types: &["NSPrivacyCollectedDataTypeAudioData"],
        tracking: false,
    },
    // use Bluetooth peripherals; reads no user data; ipl/nsbluetoothalwaysusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSBluetoothAlwaysUsageDescription",
        types: &[],
        tracking: false,
    },
    // older Bluetooth key; reads no user data; ipl/nsbluetoothperipheralusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSBluetoothPeripheralUsageDescription",
        types: &[],
        tracking: false,
    },
    // read and write calendar events; ipl/nscalendarsfullaccessusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSCalendarsFullAccessUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // calendar access before iOS 17 and macOS 14; ipl/nscalendarsusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSCalendarsUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // add events without reading any; ipl/nscalendarswriteonlyaccessusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSCalendarsWriteOnlyAccessUsageDescription",
        types: &[],
        tracking: false,
    },
    // take photos and video with the camera; ipl/nscamerausagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSCameraUsageDescription",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // read the user's contacts; ipl/nscontactsusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSContactsUsageDescription",
        types: &["NSPrivacyCollectedDataTypeContacts"],
        tracking: false,
    },
    // read files in the Desktop folder (macOS); ipl/nsdesktopfolderusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSDesktopFolderUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read files in the Documents folder (macOS); ipl/nsdocumentsfolderusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSDocumentsFolderUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read files in the Downloads folder (macOS); ipl/nsdownloadsfolderusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSDownloadsFolderUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // main camera feed, visionOS 2 to 2.3; ipl/nsenterprisemcamusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSEnterpriseMCAMUsageDescription",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // authenticate with Face ID; the app gets a yes or no; ipl/nsfaceidusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSFaceIDUsageDescription",
        types: &[],
        tracking: false,
    },
    // receive fall detection events; ipl/nsfalldetectionusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSFallDetectionUsageDescription",
        types: &["NSPrivacyCollectedDataTypeHealth"],
        tracking: false,
    },
    // read files a file provider manages (macOS); ipl/nsfileproviderdomainusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSFileProviderDomainUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // see which files the user has open (macOS); ipl/nsfileproviderpresenceusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSFileProviderPresenceUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUsageData"],
        tracking: false,
    },
    // know whether a Focus silences the user; ipl/nsfocusstatususagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSFocusStatusUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherDataTypes"],
        tracking: false,
    },
    // read the Game Center friends list; ipl/nsgkfriendlistusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSGKFriendListUsageDescription",
        types: &["NSPrivacyCollectedDataTypeContacts"],
        tracking: false,
    },
    // hand skeleton and movement (visionOS); ipl/nshandstrackingusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSHandsTrackingUsageDescription",
        types: &["NSPrivacyCollectedDataTypeHands"],
        tracking: false,
    },
    // read clinical health records; ipl/nshealthclinicalhealthrecordsshareusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSHealthClinicalHealthRecordsShareUsageDescription",
        types: &["NSPrivacyCollectedDataTypeHealth"],
        tracking: false,
    },
    // read HealthKit samples; ipl/nshealthshareusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSHealthShareUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypeHealth",
            "NSPrivacyCollectedDataTypeFitness",
        ],
        tracking: false,
    },
    // save HealthKit samples; reading needs the share key; ipl/nshealthupdateusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSHealthUpdateUsageDescription",
        types: &[],
        tracking: false,
    },
    // read and control the user's home setup; ipl/nshomekitusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSHomeKitUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherDataTypes"],
        tracking: false,
    },
    // request elements of an ID held in Wallet; ipl/nsidentityusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSIdentityUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypeName",
            "NSPrivacyCollectedDataTypePhysicalAddress",
            "NSPrivacyCollectedDataTypePhotosorVideos",
            "NSPrivacyCollectedDataTypeOtherDataTypes",
        ],
        tracking: false,
    },
    // per-purpose texts for Wallet ID requests; ipl/nsidentityusagedescriptiondictionary
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSIdentityUsageDescriptionDictionary",
        types: &[
            "NSPrivacyCollectedDataTypeName",
            "NSPrivacyCollectedDataTypePhysicalAddress",
            "NSPrivacyCollectedDataTypePhotosorVideos",
            "NSPrivacyCollectedDataTypeOtherDataTypes",
        ],
        tracking: false,
    },
    // reach devices on the local network; ipl/nslocalnetworkusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocalNetworkUsageDescription",
        types: &[],
        tracking: false,
    },
    // location at any time, background included; ipl/nslocationalwaysandwheninuseusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationAlwaysAndWhenInUseUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // location at any time, before iOS 11; ipl/nslocationalwaysusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationAlwaysUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // ask for full accuracy for a while; ipl/nslocationtemporaryusagedescriptiondictionary
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationTemporaryUsageDescriptionDictionary",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // location on macOS; ipl/nslocationusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // location while the app is in use; ipl/nslocationwheninuseusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSLocationWhenInUseUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // main camera feed (visionOS 26); ipl/nsmaincamerausagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSMainCameraUsageDescription",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // record from the microphone; ipl/nsmicrophoneusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSMicrophoneUsageDescription",
        types: &["NSPrivacyCollectedDataTypeAudioData"],
        tracking: false,
    },
    // motion and activity data, steps included; ipl/nsmotionusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSMotionUsageDescription",
        types: &["NSPrivacyCollectedDataTypeFitness"],
        tracking: false,
    },
    // one-time distance to a peer (iOS 14); ipl/nsnearbyinteractionallowonceusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSNearbyInteractionAllowOnceUsageDescription",
        types: &[],
        tracking: false,
    },
    // distance and direction to a peer device; ipl/nsnearbyinteractionusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSNearbyInteractionUsageDescription",
        types: &[],
        tracking: false,
    },
    // read files on network volumes (macOS); ipl/nsnetworkvolumesusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSNetworkVolumesUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // add to the photo library without reading it; ipl/nsphotolibraryaddusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSPhotoLibraryAddUsageDescription",
        types: &[],
        tracking: false,
    },
    // read the photo library; ipl/nsphotolibraryusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSPhotoLibraryUsageDescription",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // read and write reminders; ipl/nsremindersfullaccessusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSRemindersFullAccessUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // reminders access before iOS 17 and macOS 14; ipl/nsremindersusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSRemindersUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read files on removable volumes (macOS); ipl/nsremovablevolumesusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSRemovableVolumesUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // research sensor data: activity, device use, visits; ipl/nssensorkitusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSSensorKitUsageDescription",
        types: &[
            "NSPrivacyCollectedDataTypeHealth",
            "NSPrivacyCollectedDataTypeFitness",
            "NSPrivacyCollectedDataTypeOtherUsageData",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // exchange requests with Siri, which hands the app what was said; ipl/nssiriusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSSiriUsageDescription",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // send speech to recognition and get the text back; ipl/nsspeechrecognitionusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSSpeechRecognitionUsageDescription",
        types: &["NSPrivacyCollectedDataTypeAudioData"],
        tracking: false,
    },
    // change system configuration (macOS); ipl/nssystemadministrationusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSSystemAdministrationUsageDescription",
        types: &[],
        tracking: false,
    },
    // install a system extension (macOS); ipl/nssystemextensionusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSSystemExtensionUsageDescription",
        types: &[],
        tracking: false,
    },
    // Markdown text of the tracking prompt (iOS 27.2); ipl/nsusertrackingmarkdownusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSUserTrackingMarkdownUsageDescription",
        types: &["NSPrivacyCollectedDataTypeDeviceID"],
        tracking: false,
    },
    // ask to track; unlocks the advertising identifier; ipl/nsusertrackingusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSUserTrackingUsageDescription",
        types: &["NSPrivacyCollectedDataTypeDeviceID"],
        tracking: true,
    },
    // read the TV provider account; ipl/nsvideosubscriberaccountusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSVideoSubscriberAccountUsageDescription",
        types: &["NSPrivacyCollectedDataTypeUserID"],
        tracking: false,
    },
    // planes, images and scene meshes (visionOS); ipl/nsworldsensingusagedescription
    EvidenceKey {
        kind: KeyKind::AppleUsage,
        name: "NSWorldSensingUsageDescription",
        types: &["NSPrivacyCollectedDataTypeEnvironmentScanning"],
        tracking: false,
    },
    // --- Apple entitlements: the ones that reach data, and common ones that reach none.

    // receive push notifications; reads no data; ent/aps-environment
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "aps-environment",
        types: &[],
        tracking: false,
    },
    // Sign in with Apple: id, name, email; ent/com.apple.developer.applesignin
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.applesignin",
        types: &[
            "NSPrivacyCollectedDataTypeName",
            "NSPrivacyCollectedDataTypeEmailAddress",
            "NSPrivacyCollectedDataTypeUserID",
        ],
        tracking: false,
    },
    // tie the app to web domains; reads no data; ent/com.apple.developer.associated-domains
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.associated-domains",
        types: &[],
        tracking: false,
    },
    // read the notes field of contacts; ent/com.apple.developer.contacts.notes
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.contacts.notes",
        types: &["NSPrivacyCollectedDataTypeContacts"],
        tracking: false,
    },
    // App Attest setting; reads no data; ent/com.apple.developer.devicecheck.appattest-environment
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.devicecheck.appattest-environment",
        types: &[],
        tracking: false,
    },
    // parental controls; apps seen only as opaque tokens; ent/com.apple.developer.family-controls
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.family-controls",
        types: &[],
        tracking: false,
    },
    // apps used and sites visited; ent/com.apple.developer.family-controls.app-and-website-usage
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.family-controls.app-and-website-usage",
        types: &[
            "NSPrivacyCollectedDataTypeBrowsingHistory",
            "NSPrivacyCollectedDataTypeOtherUsageData",
        ],
        tracking: false,
    },
    // Wallet accounts, balances, transactions; ent/com.apple.developer.financekit
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.financekit",
        types: &[
            "NSPrivacyCollectedDataTypeOtherFinancialInfo",
            "NSPrivacyCollectedDataTypePurchaseHistory",
        ],
        tracking: false,
    },
    // fall detection events from Apple Watch; ent/com.apple.developer.health.fall-detection
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.health.fall-detection",
        types: &["NSPrivacyCollectedDataTypeHealth"],
        tracking: false,
    },
    // ask for HealthKit data; ent/com.apple.developer.healthkit
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.healthkit",
        types: &[
            "NSPrivacyCollectedDataTypeHealth",
            "NSPrivacyCollectedDataTypeFitness",
        ],
        tracking: false,
    },
    // HealthKit types needing extra approval (records); ent/com.apple.developer.healthkit.access
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.healthkit.access",
        types: &["NSPrivacyCollectedDataTypeHealth"],
        tracking: false,
    },
    // HealthKit updates while in background; ent/com.apple.developer.healthkit.background-delivery
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.healthkit.background-delivery",
        types: &[
            "NSPrivacyCollectedDataTypeHealth",
            "NSPrivacyCollectedDataTypeFitness",
        ],
        tracking: false,
    },
    // read and control the user's home setup; ent/com.apple.developer.homekit
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.homekit",
        types: &["NSPrivacyCollectedDataTypeOtherDataTypes"],
        tracking: false,
    },
    // verify age or identity with a Wallet ID; ent/com.apple.developer.in-app-identity-presentment
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.in-app-identity-presentment",
        types: &[
            "NSPrivacyCollectedDataTypeName",
            "NSPrivacyCollectedDataTypePhysicalAddress",
            "NSPrivacyCollectedDataTypePhotosorVideos",
            "NSPrivacyCollectedDataTypeOtherDataTypes",
        ],
        tracking: false,
    },
    // Apple Pay: payment token and contact fields; ent/com.apple.developer.in-app-payments
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.in-app-payments",
        types: &[
            "NSPrivacyCollectedDataTypePaymentInfo",
            "NSPrivacyCollectedDataTypeName",
            "NSPrivacyCollectedDataTypeEmailAddress",
            "NSPrivacyCollectedDataTypePhoneNumber",
            "NSPrivacyCollectedDataTypePhysicalAddress",
        ],
        tracking: false,
    },
    // answer location pushes with the user's location; ent/com.apple.developer.location.push
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.location.push",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // current Wi-Fi name; location has its own keys; ent/com.apple.developer.networking.wifi-info
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.networking.wifi-info",
        types: &[],
        tracking: false,
    },
    // receive requests the user speaks to Siri; ent/com.apple.developer.siri
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.siri",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // hide incoming notifications; reads no data; https://developer.apple.com/forums/thread/696068
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.developer.usernotifications.filtering",
        types: &[],
        tracking: false,
    },
    // run in the App Sandbox; grants nothing (macOS); ent/com.apple.security.app-sandbox
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.app-sandbox",
        types: &[],
        tracking: false,
    },
    // read the Movies folder (macOS); ent/com.apple.security.assets.movies.read-only
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.movies.read-only",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // read and write the Movies folder (macOS); ent/com.apple.security.assets.movies.read-write
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.movies.read-write",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // read the Music folder (macOS); ent/com.apple.security.assets.music.read-only
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.music.read-only",
        types: &[
            "NSPrivacyCollectedDataTypeAudioData",
            "NSPrivacyCollectedDataTypeOtherUserContent",
        ],
        tracking: false,
    },
    // read and write the Music folder (macOS); ent/com.apple.security.assets.music.read-write
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.music.read-write",
        types: &[
            "NSPrivacyCollectedDataTypeAudioData",
            "NSPrivacyCollectedDataTypeOtherUserContent",
        ],
        tracking: false,
    },
    // read the Pictures folder (macOS); ent/com.apple.security.assets.pictures.read-only
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.pictures.read-only",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // read and write the Pictures folder (macOS); ent/com.apple.security.assets.pictures.read-write
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.assets.pictures.read-write",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // send Apple events to other apps (macOS); ent/com.apple.security.automation.apple-events
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.automation.apple-events",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // record audio input (macOS); ent/com.apple.security.device.audio-input
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.device.audio-input",
        types: &["NSPrivacyCollectedDataTypeAudioData"],
        tracking: false,
    },
    // talk to Bluetooth devices (macOS); ent/com.apple.security.device.bluetooth
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.device.bluetooth",
        types: &[],
        tracking: false,
    },
    // capture from cameras (macOS); ent/com.apple.security.device.camera
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.device.camera",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // use the microphone (macOS sandbox); ent/com.apple.security.device.microphone
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.device.microphone",
        types: &["NSPrivacyCollectedDataTypeAudioData"],
        tracking: false,
    },
    // talk to USB devices (macOS); ent/com.apple.security.device.usb
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.device.usb",
        types: &[],
        tracking: false,
    },
    // read the Downloads folder (macOS); ent/com.apple.security.files.downloads.read-only
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.files.downloads.read-only",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read and write Downloads (macOS); ent/com.apple.security.files.downloads.read-write
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.files.downloads.read-write",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read files the user picks (macOS); ent/com.apple.security.files.user-selected.read-only
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.files.user-selected.read-only",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // read and write picked files (macOS); ent/com.apple.security.files.user-selected.read-write
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.files.user-selected.read-write",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // open outgoing connections; no user data; ent/com.apple.security.network.client
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.network.client",
        types: &[],
        tracking: false,
    },
    // read and write contacts (macOS); ent/com.apple.security.personal-information.addressbook
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.personal-information.addressbook",
        types: &["NSPrivacyCollectedDataTypeContacts"],
        tracking: false,
    },
    // read and write calendars (macOS); ent/com.apple.security.personal-information.calendars
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.personal-information.calendars",
        types: &["NSPrivacyCollectedDataTypeOtherUserContent"],
        tracking: false,
    },
    // use Location Services (macOS); ent/com.apple.security.personal-information.location
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.personal-information.location",
        types: &[
            "NSPrivacyCollectedDataTypePreciseLocation",
            "NSPrivacyCollectedDataTypeCoarseLocation",
        ],
        tracking: false,
    },
    // read and write Photos (macOS); ent/com.apple.security.personal-information.photos-library
    EvidenceKey {
        kind: KeyKind::AppleEntitlement,
        name: "com.apple.security.personal-information.photos-library",
        types: &["NSPrivacyCollectedDataTypePhotosorVideos"],
        tracking: false,
    },
    // --- Windows capabilities, with the Play type of the same data: device, general-use,
    // then restricted.

    // the device's current motion, such as walking; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "activity",
        types: &["PSL_FITNESS"],
        tracking: false,
    },
    // talk to paired Bluetooth devices; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "bluetooth",
        types: &[],
        tracking: false,
    },
    // where the user looks inside the app; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "gazeInput",
        types: &["PSL_USER_INTERACTION"],
        tracking: false,
    },
    // whether someone is in front of the device; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "humanPresence",
        types: &[],
        tracking: false,
    },
    // talk to HID peripherals; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "humaninterfacedevice",
        types: &[],
        tracking: false,
    },
    // the device's location, GPS or network; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "location",
        types: &["PSL_PRECISE_LOCATION", "PSL_APPROX_LOCATION"],
        tracking: false,
    },
    // GPIO, I2C, SPI and PWM buses; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "lowLevel",
        types: &[],
        tracking: false,
    },
    // record from microphones; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "microphone",
        types: &["PSL_AUDIO"],
        tracking: false,
    },
    // drive CD, DVD and Blu-ray hardware; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "optical",
        types: &[],
        tracking: false,
    },
    // barcode scanners and card readers; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "pointOfService",
        types: &[],
        tracking: false,
    },
    // connect to devices close by; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "proximity",
        types: &[],
        tracking: false,
    },
    // turn Wi-Fi and Bluetooth radios on or off; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "radios",
        types: &[],
        tracking: false,
    },
    // talk to serial ports; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "serialcommunication",
        types: &[],
        tracking: false,
    },
    // talk to USB devices; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "usb",
        types: &[],
        tracking: false,
    },
    // capture photos and video from cameras; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "webcam",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // scan and join Wi-Fi; location has its own key; acd#device-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "wiFiControl",
        types: &[],
        tracking: false,
    },
    // read the appointment store; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "appointments",
        types: &["PSL_CALENDAR"],
        tracking: false,
    },
    // read texts the spam filter blocked; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "blockedChatMessages",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // read and delete SMS and MMS messages; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "chat",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // read the aggregated contacts; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "contacts",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // see what other apps are playing; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "globalMediaControl",
        types: &["PSL_OTHER_APP_ACTIVITY"],
        tracking: false,
    },
    // capture windows or screens the user picks; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "graphicsCapture",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // capture windows or screens on its own; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "graphicsCaptureProgrammatic",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // hide the capture border; captures nothing itself; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "graphicsCaptureWithoutBorder",
        types: &[],
        tracking: false,
    },
    // connect to the Internet; no user data; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "internetClient",
        types: &[],
        tracking: false,
    },
    // connect to and serve the Internet; no user data; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "internetClientServer",
        types: &[],
        tracking: false,
    },
    // every file in the Music library; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "musicLibrary",
        types: &["PSL_MUSIC", "PSL_OTHER_AUDIO"],
        tracking: false,
    },
    // every file in the 3D Objects folder; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "objects3D",
        types: &["PSL_FILES_AND_DOCS"],
        tracking: false,
    },
    // place calls and read line state; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "phoneCall",
        types: &[],
        tracking: false,
    },
    // read call history (Play files it under Contacts); acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "phoneCallHistoryPublic",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // every file in the Pictures library; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "picturesLibrary",
        types: &["PSL_PHOTOS"],
        tracking: false,
    },
    // reach home and work networks; no user data; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "privateNetworkClientServer",
        types: &[],
        tracking: false,
    },
    // read the recorded calls folder; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "recordedCallsFolder",
        types: &["PSL_AUDIO"],
        tracking: false,
    },
    // list the devices on the user's Microsoft account; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "remoteSystem",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // files of declared types on removable drives; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "removableStorage",
        types: &["PSL_FILES_AND_DOCS"],
        tracking: false,
    },
    // meshes of the surroundings; Play has no such type; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "spatialPerception",
        types: &[],
        tracking: false,
    },
    // the user's name and account picture; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userAccountInformation",
        types: &["PSL_NAME", "PSL_PHOTOS"],
        tracking: false,
    },
    // read the user's task items; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userDataTasks",
        types: &["PSL_USER_GENERATED_CONTENT"],
        tracking: false,
    },
    // read the notifications other apps show; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userNotificationListener",
        types: &["PSL_OTHER_MESSAGES"],
        tracking: false,
    },
    // every file in the Videos library; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "videosLibrary",
        types: &["PSL_VIDEOS"],
        tracking: false,
    },
    // use the VoIP calling APIs; acd#general-use-capabilities
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "voipCall",
        types: &[],
        tracking: false,
    },
    // other running apps and their account names; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "appDiagnostics",
        types: &["PSL_APPS_ON_DEVICE", "PSL_USER_ACCOUNT"],
        tracking: false,
    },
    // read and change every appointment; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "appointmentsSystem",
        types: &["PSL_CALENDAR"],
        tracking: false,
    },
    // keep recording in background; needs mic or webcam; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "backgroundMediaRecording",
        types: &[],
        tracking: false,
    },
    // head and hand movement in background; Play has no type; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "backgroundSpatialPerception",
        types: &[],
        tracking: false,
    },
    // camera and microphone in background for calls; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "backgroundVoIP",
        types: &["PSL_AUDIO", "PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // every file the user can open; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "broadFileSystemAccess",
        types: &[
            "PSL_FILES_AND_DOCS",
            "PSL_PHOTOS",
            "PSL_VIDEOS",
            "PSL_AUDIO",
            "PSL_MUSIC",
            "PSL_OTHER_AUDIO",
        ],
        tracking: false,
    },
    // process images taken by the camera; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "cameraProcessingExtension",
        types: &["PSL_PHOTOS", "PSL_VIDEOS"],
        tracking: false,
    },
    // cellular identification data; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "cellularDeviceIdentity",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // use SMS and RCS; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "cellularMessaging",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // read and write every SMS and MMS; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "chatSystem",
        types: &["PSL_SMS_CALL_LOG"],
        tracking: false,
    },
    // read restricted contacts and change contacts; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "contactsSystem",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // files of declared types in Documents; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "documentsLibrary",
        types: &["PSL_FILES_AND_DOCS"],
        tracking: false,
    },
    // read, triage and send email; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "email",
        types: &["PSL_EMAILS"],
        tracking: false,
    },
    // email access, restricted messages included; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "emailSystem",
        types: &["PSL_EMAILS"],
        tracking: false,
    },
    // domain credentials and the user's account name; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "enterpriseAuthentication",
        types: &["PSL_USER_ACCOUNT"],
        tracking: false,
    },
    // list the games installed; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "gameList",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // observe all raw input; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "inputObservation",
        types: &["PSL_USER_INTERACTION", "PSL_OTHER_APP_ACTIVITY"],
        tracking: false,
    },
    // past locations (removed from Windows); acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "locationHistory",
        types: &["PSL_PRECISE_LOCATION", "PSL_APPROX_LOCATION"],
        tracking: false,
    },
    // set system location options; reads none; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "locationSystem",
        types: &[],
        tracking: false,
    },
    // manage the other installed apps; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "packageManagement",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // read details of the other apps; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "packageQuery",
        types: &["PSL_APPS_ON_DEVICE"],
        tracking: false,
    },
    // read and delete call history; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "phoneCallHistory",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // change and write call history entries; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "phoneCallHistorySystem",
        types: &["PSL_CONTACTS"],
        tracking: false,
    },
    // run at medium integrity; no data type by itself; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "runFullTrust",
        types: &[],
        tracking: false,
    },
    // BIOS and firmware data, serial numbers included; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "smbios",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // send SMS and MMS; reading needs chat; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "smsSend",
        types: &[],
        tracking: false,
    },
    // manage mail, calendar and contact accounts; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userDataAccountsProvider",
        types: &["PSL_EMAILS", "PSL_CALENDAR", "PSL_CONTACTS"],
        tracking: false,
    },
    // the system user data store; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userDataSystem",
        types: &[
            "PSL_CONTACTS",
            "PSL_CALENDAR",
            "PSL_EMAILS",
            "PSL_SMS_CALL_LOG",
        ],
        tracking: false,
    },
    // the user's principal name; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userPrincipalName",
        types: &["PSL_USER_ACCOUNT", "PSL_EMAIL"],
        tracking: false,
    },
    // an id for this user on this system; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "userSystemId",
        types: &["PSL_DEVICE_ID"],
        tracking: false,
    },
    // every stored wallet card; acd#restricted-capability-list
    EvidenceKey {
        kind: KeyKind::WindowsCapability,
        name: "walletSystem",
        types: &["PSL_CREDIT_DEBIT_BANK_ACCOUNT_NUMBER", "PSL_OTHER"],
        tracking: false,
    },
];
