; Jobcard's Windows installer, built by makensis on Linux (scripts/bundle-windows.sh) and
; tested by installing and uninstalling it under Wine (src-tauri/tests/windows_installer.rs).
;
; Why this script and not the Tauri bundler's: the bundler insists on downloading its NSIS
; plugin (nsis_tauri_utils.dll, checked against a fixed SHA-1) from GitHub before it builds,
; and GitHub cannot be reached from the build machine. This script needs only Debian's nsis
; package and does what the bundler's default installer does for Jobcard:
; - installs for the current user, without administrator rights, to
;   %LOCALAPPDATA%\Programs\Jobcard (the folder can be changed);
; - adds a Start menu shortcut and an entry in Settings -> Apps, whose uninstaller removes the
;   program and keeps the workshop's data (%APPDATA%\nl.jobcard.desktop: the database, its
;   backups and the secrets file), which is the shop's and not the program's;
; - WebView2, the browser engine the window runs in, in the bundler's default mode
;   ("download bootstrapper"): when it is missing, Microsoft's bootstrapper is downloaded
;   (with curl.exe, part of Windows 10 and 11) and run. Without WebView2 the install still
;   finishes (the CLI does not need it) and says how to get it.
;
; Defines given by the build: VERSION (x.y.z), EXE (the jobcard.exe to ship), WEBVIEW2_LOADER
; (the WebView2Loader.dll built beside it), ICON (.ico),
; OUT (the installer to write) and COMPRESSOR (lzma for a release, zlib for a quick test).

; A 64-bit installer, as Jobcard is a 64-bit program (and Wine here runs 64-bit programs only).
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID ${COMPRESSOR}

!define PRODUCT "Jobcard"
!define IDENTIFIER "nl.jobcard.desktop"
!define PUBLISHER "Jobcard"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_BOOTSTRAPPER "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCT}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Jobcard contributors"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\jobcard.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Dutch"

LangString NoWebView2 ${LANG_ENGLISH} "Jobcard's window needs Microsoft Edge WebView2, which could not be downloaded now. Install the WebView2 Runtime from https://developer.microsoft.com/microsoft-edge/webview2/ and start Jobcard again."
LangString NoWebView2 ${LANG_DUTCH} "Het venster van Jobcard heeft Microsoft Edge WebView2 nodig, dat nu niet gedownload kon worden. Installeer de WebView2 Runtime via https://developer.microsoft.com/microsoft-edge/webview2/ en start Jobcard opnieuw."

Section "Jobcard"
  SetOutPath "$INSTDIR"
  File "/oname=jobcard.exe" "${EXE}"
  ; The GNU build links WebView2's loader as a DLL beside the program (the MSVC build links
  ; it in); without it Windows refuses to start jobcard.exe at all, CLI included.
  File "/oname=WebView2Loader.dll" "${WEBVIEW2_LOADER}"
  File "/oname=jobcard.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\jobcard.exe" "" "$INSTDIR\jobcard.ico"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\jobcard.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  Call EnsureWebView2
SectionEnd

; WebView2 is installed machine-wide (HKLM, its 32-bit or 64-bit key) or for this user (HKCU); its
; version is "pv", absent or 0.0.0.0 when it is not there.
Function EnsureWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_CLIENT}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  StrCmp $0 "" download
  StrCmp $0 "0.0.0.0" download
  DetailPrint "Microsoft Edge WebView2 $0 is installed."
  Return

  download:
  DetailPrint "Downloading Microsoft Edge WebView2 for the window..."
  nsExec::ExecToLog '"$SYSDIR\curl.exe" --fail --silent --show-error --location --max-time 300 --output "$TEMP\MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2_BOOTSTRAPPER}"'
  Pop $1
  StrCmp $1 "0" 0 missing
  DetailPrint "Installing Microsoft Edge WebView2..."
  ExecWait '"$TEMP\MicrosoftEdgeWebview2Setup.exe" /silent /install' $2
  Delete "$TEMP\MicrosoftEdgeWebview2Setup.exe"
  StrCmp $2 "0" 0 missing
  Return

  missing:
  DetailPrint "$(NoWebView2)"
  MessageBox MB_ICONEXCLAMATION|MB_OK "$(NoWebView2)" /SD IDOK
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\jobcard.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\jobcard.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
