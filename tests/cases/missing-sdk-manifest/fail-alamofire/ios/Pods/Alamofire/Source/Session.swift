// Alamofire 5.6.0, installed without its privacy manifest.
