"""Fixes for moto bugs that make the Converge sandbox behave unlike AWS.

Python imports this module at start because the sandbox puts its directory first on PYTHONPATH
for moto_server only. Each fix checks that moto's internals are the ones it was written against
and otherwise does nothing, so a moto that has fixed the bug, or changed, runs unpatched.
"""


def _route53_create_after_delete():
    # moto 5.x answers a CREATE with "already exists" when an identical CREATE is in the zone's
    # change journal and any record sorts after the name, even though that record was deleted
    # since: apply, destroy, apply of the same stack failed in the sandbox. AWS refuses a CREATE
    # only while the record exists. The journal also backs moto's check that a DELETE names an
    # existing record, so only CREATEs of records that no longer exist are forgotten.
    try:
        from moto.route53.models import Route53Backend
    except Exception:
        return
    original = getattr(Route53Backend, "change_resource_record_sets", None)
    if original is None or getattr(original, "_converge_fix", False):
        return

    def key(name, record_type):
        return name.rstrip(".").lower(), record_type

    def change_resource_record_sets(self, zoneid, change_list, *args, **kwargs):
        zone = self.get_hosted_zone(zoneid)
        journal = getattr(zone, "rr_changes", None)
        records = getattr(zone, "rrsets", None)
        if isinstance(journal, list) and records is not None:
            existing = {key(r.name, r.type) for r in records}
            journal[:] = [c for c in journal
                          if c.get("Action") != "CREATE"
                          or key(c["ResourceRecordSet"]["Name"], c["ResourceRecordSet"]["Type"]) in existing]
        return original(self, zoneid, change_list, *args, **kwargs)

    change_resource_record_sets._converge_fix = True
    Route53Backend.change_resource_record_sets = change_resource_record_sets


def _ec2_replaced_instance_profile_shows():
    # moto 5.x's ReplaceIamInstanceProfileAssociation changes the association but not the
    # instance: DescribeInstances kept showing the old profile, so a changed iamInstanceProfile
    # planned the change again forever. AWS shows the new one (Associate and Disassociate already do).
    try:
        from moto.ec2.models.iam_instance_profile import IamInstanceProfileAssociationBackend
    except Exception:
        return
    original = getattr(IamInstanceProfileAssociationBackend, "replace_iam_instance_profile_association", None)
    if original is None or getattr(original, "_converge_fix", False):
        return

    def replace_iam_instance_profile_association(self, *args, **kwargs):
        association = original(self, *args, **kwargs)
        self.modify_instance_attribute(association.instance_id, "iam_instance_profile",
                                       {"Arn": association.iam_instance_profile.arn, "Id": association.association_id})
        return association

    replace_iam_instance_profile_association._converge_fix = True
    IamInstanceProfileAssociationBackend.replace_iam_instance_profile_association = replace_iam_instance_profile_association


def _launch_template_version_user_data():
    # moto 5.x keeps the UserData of CreateLaunchTemplateVersion as a plain string, where
    # CreateLaunchTemplate wraps it; an Auto Scaling group launching from such a version then fails
    # with a 500 (an assertion on the type). AWS launches it: wrap it the way the first version is.
    try:
        from moto.core.types import Base64EncodedString
        from moto.ec2.models.launch_templates import LaunchTemplate
    except Exception:
        return
    original = getattr(LaunchTemplate, "create_version", None)
    if original is None or getattr(original, "_converge_fix", False):
        return

    def create_version(self, data, *args, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("UserData"), str):
            data = dict(data)
            data["UserData"] = Base64EncodedString(data["UserData"])
        return original(self, data, *args, **kwargs)

    create_version._converge_fix = True
    LaunchTemplate.create_version = create_version


def _autoscaling_instance_refresh():
    # moto 5.x has no instance refresh at all (StartInstanceRefresh and DescribeInstanceRefreshes
    # answer a 500), so changing the launch template of an Auto Scaling group failed in the sandbox.
    # The sandbox's instances run nothing, so there is nothing to roll: a refresh is recorded as
    # started and already Successful, 100 %, and lists newest first, as AWS lists them. The rolling
    # itself (progress, failure reasons) is AWS's and is played by WireMock in Converge's tests.
    try:
        import datetime
        import uuid
        from moto.autoscaling.responses import AutoScalingResponse
        from moto.core.responses import ActionResult
    except Exception:
        return
    if hasattr(AutoScalingResponse, "start_instance_refresh"):
        return

    def refreshes(response):
        backend = response.autoscaling_backend
        if not hasattr(backend, "_converge_instance_refreshes"):
            backend._converge_instance_refreshes = []
        return backend._converge_instance_refreshes

    def start_instance_refresh(self):
        params = self._get_params()
        group = params.get("AutoScalingGroupName")
        now = datetime.datetime.now(datetime.timezone.utc)
        refresh = {"InstanceRefreshId": str(uuid.uuid4()), "AutoScalingGroupName": group, "Status": "Successful",
                   "StatusReason": "the sandbox's instances run nothing: nothing to replace",
                   "StartTime": now, "EndTime": now, "PercentageComplete": 100, "InstancesToUpdate": 0}
        refreshes(self).insert(0, refresh)
        return ActionResult({"InstanceRefreshId": refresh["InstanceRefreshId"]})

    def describe_instance_refreshes(self):
        params = self._get_params()
        group = params.get("AutoScalingGroupName")
        ids = params.get("InstanceRefreshIds") or []
        found = [r for r in refreshes(self) if r["AutoScalingGroupName"] == group and (not ids or r["InstanceRefreshId"] in ids)]
        return ActionResult({"InstanceRefreshes": found})

    AutoScalingResponse.start_instance_refresh = start_instance_refresh
    AutoScalingResponse.describe_instance_refreshes = describe_instance_refreshes


def _run_the_sitecustomize_this_one_hides():
    # Python imports only the first sitecustomize on its path: a distribution's own (Debian has
    # one, so can a virtualenv) would be skipped because this directory comes first. Run it too.
    import importlib.util
    import os
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        directory = os.path.abspath(entry or ".")
        candidate = os.path.join(directory, "sitecustomize.py")
        if directory != here and os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("_sitecustomize_hidden_by_converge", candidate)
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
            return


for _step in (_route53_create_after_delete, _ec2_replaced_instance_profile_shows, _launch_template_version_user_data,
              _autoscaling_instance_refresh,
              _run_the_sitecustomize_this_one_hides):
    try:
        _step()
    except Exception:  # never keep moto from starting
        pass
