//! Apple's list of commonly used third-party SDKs that must ship a privacy manifest (and a
//! signature when added as a binary), as Apple publishes it at
//! <https://developer.apple.com/support/third-party-SDK-requirements/> for the requirement
//! that took effect on 1 May 2024; transcribed 2026-12-02. An entry Apple writes as two names
//! (`BoringSSL / openssl_grpc`) is two rows.
//!
//! How a lockfile's names match: a CocoaPods pod (`Podfile.lock`) matches when its name, or
//! the pod before a `/` subspec, is exactly a listed name; a Swift package
//! (`Package.resolved`) matches when its identity, or its package name, is a listed name but
//! for case (`alamofire` is `Alamofire`). A package that bundles several listed SDKs under
//! another name (`firebase-ios-sdk` holds `FirebaseCore` and more) is an unsure match: which
//! of them the app links is not in the lockfile, so it is not reported.

/// The SDKs, as Apple names them.
pub static LISTED: &[&str] = &[
    "Abseil",
    "AFNetworking",
    "Alamofire",
    "AppAuth",
    "BoringSSL",
    "openssl_grpc",
    "Capacitor",
    "Charts",
    "connectivity_plus",
    "Cordova",
    "device_info_plus",
    "DKImagePickerController",
    "DKPhotoGallery",
    "FBAEMKit",
    "FBLPromises",
    "FBSDKCoreKit",
    "FBSDKCoreKit_Basics",
    "FBSDKLoginKit",
    "FBSDKShareKit",
    "file_picker",
    "FirebaseABTesting",
    "FirebaseAuth",
    "FirebaseCore",
    "FirebaseCoreDiagnostics",
    "FirebaseCoreExtension",
    "FirebaseCoreInternal",
    "FirebaseCrashlytics",
    "FirebaseDynamicLinks",
    "FirebaseFirestore",
    "FirebaseInstallations",
    "FirebaseMessaging",
    "FirebaseRemoteConfig",
    "Flutter",
    "flutter_inappwebview",
    "flutter_local_notifications",
    "fluttertoast",
    "FMDB",
    "geolocator_apple",
    "GoogleDataTransport",
    "GoogleSignIn",
    "GoogleToolboxForMac",
    "GoogleUtilities",
    "grpcpp",
    "GTMAppAuth",
    "GTMSessionFetcher",
    "hermes",
    "image_picker_ios",
    "IQKeyboardManager",
    "IQKeyboardManagerSwift",
    "Kingfisher",
    "leveldb",
    "Lottie",
    "MBProgressHUD",
    "nanopb",
    "OneSignal",
    "OneSignalCore",
    "OneSignalExtension",
    "OneSignalOutcomes",
    "OpenSSL",
    "OrderedSet",
    "package_info",
    "package_info_plus",
    "path_provider",
    "path_provider_ios",
    "Promises",
    "Protobuf",
    "Reachability",
    "RealmSwift",
    "RxCocoa",
    "RxRelay",
    "RxSwift",
    "SDWebImage",
    "share_plus",
    "shared_preferences_ios",
    "SnapKit",
    "sqflite",
    "Starscream",
    "SVProgressHUD",
    "SwiftyGif",
    "SwiftyJSON",
    "Toast",
    "UnityFramework",
    "url_launcher",
    "url_launcher_ios",
    "video_player_avfoundation",
    "wakelock",
    "webview_flutter_wkwebview",
];

/// The listed SDK a CocoaPods pod is, by exact name (a subspec by its pod).
pub fn pod(name: &str) -> Option<&'static str> {
    let pod = name.split('/').next().unwrap_or(name);
    LISTED.iter().copied().find(|l| *l == pod)
}

/// The listed SDK a Swift package is, by its identity or name but for case.
pub fn package(name: &str) -> Option<&'static str> {
    LISTED
        .iter()
        .copied()
        .find(|l| l.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_exactly_or_not_at_all() {
        assert_eq!(pod("FirebaseCore"), Some("FirebaseCore"));
        assert_eq!(pod("GoogleUtilities/Environment"), Some("GoogleUtilities"));
        assert_eq!(pod("FirebaseCoreInternalX"), None);
        assert_eq!(package("alamofire"), Some("Alamofire"));
        assert_eq!(package("firebase-ios-sdk"), None, "an unsure match");
        let mut sorted = LISTED.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), LISTED.len());
    }
}
